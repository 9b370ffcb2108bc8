// A ground-floor header that reaches up: the checker must refuse it.
#pragma once
#include "server/api/service_state.h"
