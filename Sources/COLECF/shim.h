#ifndef LEAKSCAN_COLECF_SHIM_H
#define LEAKSCAN_COLECF_SHIM_H
#include <libbfio.h>
#include <libolecf.h>
#endif
