#include "csbd.h"
