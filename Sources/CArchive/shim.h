#ifndef LEAKSCAN_CARCHIVE_SHIM_H
#define LEAKSCAN_CARCHIVE_SHIM_H
#include <archive.h>
#include <archive_entry.h>
#endif
