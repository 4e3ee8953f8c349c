/// The inline CSS of a report: system fonts only, light theme, print friendly.
enum ReportStyleSheet {
    /// The style sheet text, placed in a `<style>` element.
    static let css = """
    :root{--ink:#1d2330;--muted:#5f6b7a;--rule:#d9dde3;--panel:#f6f7f9;--accent:#3b4cc0}
    *{box-sizing:border-box}
    body{margin:0;background:#fff;color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
    main{max-width:1120px;margin:0 auto;padding:24px 28px 40px}
    header{border-bottom:1px solid var(--rule);padding-bottom:16px;margin-bottom:8px}
    h1{font-size:26px;margin:0 0 2px;font-weight:650;letter-spacing:-.01em;overflow-wrap:anywhere}
    .subtitle{color:var(--muted);margin:0 0 14px}
    h2{font-size:18px;margin:28px 0 10px;font-weight:620}
    h3{font-size:14px;margin:0 0 4px;font-weight:600}
    .summary{display:flex;flex-wrap:wrap;gap:10px;margin:0}
    .summary div{background:var(--panel);border:1px solid var(--rule);border-radius:8px;padding:8px 14px;min-width:130px}
    .summary dt{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
    .summary dd{margin:2px 0 0;font-size:20px;font-weight:600;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
    figure{margin:0}
    figcaption{color:var(--muted);font-size:13px;margin-top:4px;max-width:720px}
    svg{max-width:100%;height:auto;display:block}
    svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;fill:var(--ink)}
    .tick{font-size:11px;fill:#3c4452}
    .axis-title{font-size:12px;fill:var(--muted)}
    .axis line{stroke:#6b7380;stroke-width:1}
    .frame{fill:none;stroke:#6b7380;stroke-width:1}
    .grid line{stroke:#eceef1;stroke-width:1}
    rect.empty,path.empty{fill:#e4e4e4}
    .voronoi path{stroke:#fff;stroke-width:.5;stroke-linejoin:round}
    .voronoi.dense path{stroke-width:.2}
    .backdrop{fill:#fbfbfc}
    .overlay .wall{stroke:#1d2330;stroke-width:2.5;stroke-linecap:round}
    .overlay .marker{fill:#fff;stroke:#1d2330;stroke-width:2}
    .overlay .marker-label{font:600 12px system-ui,sans-serif;fill:#1d2330;paint-order:stroke;stroke:#fff;stroke-width:3px}
    .points circle{stroke:rgba(0,0,0,.25);stroke-width:.4}
    .line{fill:none;stroke-width:1.8;stroke-linejoin:round;stroke-linecap:round}
    .empty-message{font-size:13px;fill:var(--muted)}
    .charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(460px,1fr));gap:16px 28px}
    .swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 6px 0 2px;vertical-align:-1px;border:1px solid rgba(0,0,0,.15)}
    table{border-collapse:collapse;font-size:13px}
    th,td{text-align:left;padding:5px 12px 5px 0;border-bottom:1px solid var(--rule);vertical-align:top}
    thead th{color:var(--muted);font-weight:600;font-size:12px;border-bottom:2px solid var(--rule)}
    td.key{padding-right:0}
    .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
    td code,th code{font:12px/1.4 ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace}
    .genome{display:inline-block;max-width:520px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;vertical-align:top}
    .table-scroll{overflow-x:auto}
    .fields th{font-weight:500;color:var(--muted);white-space:nowrap}
    .fields td code{overflow-wrap:anywhere}
    .muted{color:var(--muted)}
    .text-entry{border-top:1px solid var(--rule);padding:12px 0 4px}
    .text-entry h3{font-size:14px}
    .notes{margin:0 0 6px;display:flex;flex-wrap:wrap;gap:4px 16px;font-size:13px;font-variant-numeric:tabular-nums}
    .note-key{color:var(--muted)}
    pre.text{margin:0;max-width:820px;white-space:pre-wrap;overflow-wrap:anywhere;background:var(--panel);border:1px solid var(--rule);border-radius:6px;padding:10px 14px;font:15px/1.55 Georgia,"DejaVu Serif",serif}
    footer{margin-top:36px;color:var(--muted);font-size:12px;border-top:1px solid var(--rule);padding-top:10px}
    @media print{main{padding:0}.charts{grid-template-columns:1fr 1fr}}
    """
}
