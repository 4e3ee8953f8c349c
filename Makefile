# Tessera's two everyday commands (see README.md):
#   make run    installs what is missing, builds in release, runs the arm task with MAP-Elites
#   make test   installs what is missing, builds and runs the examples, then the test suite
# Other targets: make bench (side-by-side benchmark against pyribs; see Docs/Benchmarks.md).

SWIFT ?= swift
TASK ?= arm
ALGORITHM ?= map-elites
EVALUATIONS ?= 1000000

.PHONY: run test examples bench

run:
	Scripts/install-dependencies.sh
	$(SWIFT) build -c release --product tessera
	.build/release/tessera run $(TASK) --algorithm $(ALGORITHM) --evaluations $(EVALUATIONS)

# The snippets of README.md and Docs/*.md: one program per folder of Examples/Snippets/Sources.
SNIPPETS = $(notdir $(wildcard Examples/Snippets/Sources/*))

examples:
	$(SWIFT) build --package-path Examples/CustomDomain
	$(SWIFT) run --package-path Examples/CustomDomain --skip-build
	$(SWIFT) build --package-path Examples/Snippets
	for snippet in $(SNIPPETS); do $(SWIFT) run --package-path Examples/Snippets --skip-build $$snippet || exit 1; done

test:
	Scripts/install-dependencies.sh --tests
	$(MAKE) examples
	$(SWIFT) build --build-tests
	$(SWIFT) test

bench:
	python3 Scripts/bench.py --suite issue2
