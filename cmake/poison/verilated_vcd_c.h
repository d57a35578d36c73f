// Poison header (cmake/systemc_free.cmake): shadows the real one for the SystemC-free check.
#error "a SystemC or Verilator header is reachable from core/, workload/, cost/ or search/"
