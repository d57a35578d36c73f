// Debian's libsystemc defines main() calling sc_main(). Our executables bring their own main(), but
// the shared library still needs the symbol. This definition is never meant to run; if it does, a
// binary picked up SystemC's main() by mistake (link order), which should fail loudly.
#include <stdexcept>

extern "C" int sc_main(int, char*[]) {
  throw std::logic_error("sc_main called: this binary must define its own main()");
}
