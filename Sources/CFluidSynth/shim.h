// FluidSynth's C API (Debian 12 ships 2.3.1).
#include <fluidsynth.h>
