// Placeholder translation unit so the models library exists before its first kernel lands.
namespace shiftadd::models_detail {
int library_anchor() { return 0; }
}  // namespace shiftadd::models_detail
