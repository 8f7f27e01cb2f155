#ifndef KPIBRIDGE_CLIBXML2_SHIM_H
#define KPIBRIDGE_CLIBXML2_SHIM_H

// Debian's libxml2 is built with ICU; its ICU headers clash with Foundation's own copy.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/SAX2.h>

/// `xmlFree` is a global function-pointer variable, which Swift 6 strict concurrency rejects.
static inline void kpi_xmlFree(void *p) { xmlFree(p); }

/// The library's version string, fixed at compile time.
static inline const char *kpi_xmlVersion(void) { return LIBXML_DOTTED_VERSION; }

#endif
