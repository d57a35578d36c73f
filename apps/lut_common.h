#pragma once
// Shared by the lut, cost and lut-validate subcommands.
#include <fmt/format.h>

#include "core/error.h"
#include "cost/accel/lut.h"
#include "models/parallel.h"
#include "workload/space/arch_workload.h"
#include "workload/space/space.h"
