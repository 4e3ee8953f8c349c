#ifndef TESSERA_CSQLITE_SHIM_H
#define TESSERA_CSQLITE_SHIM_H
// The system SQLite C API (Debian's libsqlite3-dev); used only by TesseraStore's SQLite layer.
#include <sqlite3.h>
#endif
