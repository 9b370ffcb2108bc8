// kilnd naming a vendor table: the checker must refuse it.
#include "worker/plan/nvidia_targets.h"
