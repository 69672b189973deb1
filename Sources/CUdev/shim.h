// libudev's device monitor, so `sbd watch` wakes up when a device appears.
#pragma once
#include <libudev.h>
