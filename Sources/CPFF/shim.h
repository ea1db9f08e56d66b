#ifndef LEAKSCAN_CPFF_SHIM_H
#define LEAKSCAN_CPFF_SHIM_H
#include <libpff.h>
#endif
