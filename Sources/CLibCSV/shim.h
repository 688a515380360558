// libcsv 3.0.3 as Debian ships it (libcsv-dev). Nothing but the header: every call is made from Swift.
#include <csv.h>
