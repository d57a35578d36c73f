// Compiled by the ctest deps.poison_fires with cmake/poison/ first: must fail with the poison #error.
#include <systemc>
