import CFluidSynth

/// The FluidSynth library version this target is linked against, such as "2.3.1".
public func fluidSynthVersion() -> String {
    String(cString: fluid_version_str())
}
