// Debian builds libxml2 with ICU, and its encoding.h then includes the system's ICU headers, which clash with the
// ICU copy Foundation brings as a module. Nothing here uses libxml2's ICU converters (they only add two pointers at
// the end of a struct Kontor never allocates), so the headers are read as if ICU were off.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
