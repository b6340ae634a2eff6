// The choice of OpenBLAS's kernel set for the matrix products.
//
// Debian's OpenBLAS carries kernels for many CPUs and picks one set when the library loads, from
// the CPU's family and model numbers. A CPU newer than the library is not in its tables, and
// OpenBLAS 0.3.21 then falls back to its SSE3 kernels ("Prescott"). On a 2-core AVX-512 Xeon
// (family 6, model 207), that fallback trained the default network at 15.9 examples/s on one
// thread. With the AVX-512 kernels ("SkylakeX") the same run reached 41.6 examples/s.
//
// The choice is made before `main` runs and cannot be changed in a running process. The one
// way to change it is the OPENBLAS_CORETYPE environment variable, read at load time, so an
// executable that finds the fallback restarts itself once with that variable set.

import CBLAS
import Foundation

/// The vector instructions a kernel set uses, or a CPU offers, from oldest to newest.
public enum VectorExtension: Int, Comparable, CaseIterable, Sendable {
    /// SSE2 or SSE3 only.
    case sse
    /// 256-bit AVX without fused multiply-add.
    case avx
    /// AVX2 with FMA3.
    case avx2
    /// AVX-512 with the F, BW, DQ and VL subsets.
    case avx512

    public static func < (lhs: VectorExtension, rhs: VectorExtension) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// The name users know the extension by: "SSE3", "AVX", "AVX2" or "AVX-512".
    public var instructionsName: String {
        switch self {
        case .sse: return "SSE3"
        case .avx: return "AVX"
        case .avx2: return "AVX2"
        case .avx512: return "AVX-512"
        }
    }

    /// The OPENBLAS_CORETYPE value whose kernels need exactly this extension.
    public var openBLASCoreType: String {
        switch self {
        case .sse: return "Prescott"
        case .avx: return "Sandybridge"
        case .avx2: return "Haswell"
        case .avx512: return "SkylakeX"
        }
    }

    /// Creates the newest extension that the CPU flags of /proc/cpuinfo (`avx2`, `fma`,
    /// `avx512f`, …) allow. Linux clears a flag when it does not save that register state, so a
    /// listed flag is usable.
    public init(cpuFlags: Set<String>) {
        if ["avx512f", "avx512bw", "avx512dq", "avx512vl"].allSatisfy(cpuFlags.contains) {
            self = .avx512
        } else if cpuFlags.contains("avx2") && cpuFlags.contains("fma") {
            self = .avx2
        } else if cpuFlags.contains("avx") {
            self = .avx
        } else {
            self = .sse
        }
    }

    /// Creates the extension that an OpenBLAS core's kernels use. Returns nil for a name not
    /// listed here, and such a core is then never replaced.
    public init?(openBLASCore name: String) {
        switch name.lowercased() {
        case "katmai", "coppermine", "northwood", "prescott", "banias", "core2", "penryn",
             "dunnington", "nehalem", "atom", "opteron", "opteron_sse3", "barcelona", "bobcat":
            self = .sse
        case "sandybridge", "bulldozer":
            self = .avx
        case "haswell", "zen", "piledriver", "steamroller", "excavator":
            self = .avx2
        case "skylakex", "cooperlake", "sapphirerapids":
            self = .avx512
        default:
            return nil
        }
    }
}

/// The kernel set OpenBLAS chose in this process, and whether a better one exists for the CPU.
public enum BLASKernels {
    /// The environment variable OpenBLAS reads at load time to override its CPU detection.
    public static let coreTypeVariable = "OPENBLAS_CORETYPE"

    /// The environment variable that records the core OpenBLAS detected before a restart chose
    /// another one.
    public static let detectedCoreVariable = "SUNMASK_OPENBLAS_DETECTED_CORE"

    /// The name of the kernel set in use, as OpenBLAS reports it ("SkylakeX", "Haswell", …).
    public static var activeCore: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// The core OpenBLAS detected itself, when a restart replaced it; nil otherwise. Set by
    /// `restartOnBetterKernelsIfNeeded()` in the restarted process.
    nonisolated(unsafe) public private(set) static var replacedCore: String?

    /// Returns the flags of the first processor in the text of /proc/cpuinfo.
    public static func cpuFlags(cpuinfo: String) -> Set<String> {
        for line in cpuinfo.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2,
                  parts[0].trimmingCharacters(in: .whitespaces) == "flags" else { continue }
            return Set(parts[1].split(separator: " ").map(String.init))
        }
        return []
    }

    /// Returns the core type to request from OpenBLAS instead of `activeCore`, or nil to keep it.
    ///
    /// Only a known core whose kernels use older instructions than the CPU offers is replaced,
    /// and an explicit OPENBLAS_CORETYPE is always kept.
    /// - Parameters:
    ///   - activeCore: the core OpenBLAS chose.
    ///   - cpuFlags: the CPU's flags from /proc/cpuinfo.
    ///   - environment: the process environment.
    public static func betterCoreType(activeCore: String, cpuFlags: Set<String>,
                                      environment: [String: String]) -> String? {
        guard environment[coreTypeVariable] == nil,
              let used = VectorExtension(openBLASCore: activeCore) else { return nil }
        let offered = VectorExtension(cpuFlags: cpuFlags)
        return offered > used ? offered.openBLASCoreType : nil
    }

    /// Restarts the current executable with OPENBLAS_CORETYPE set when OpenBLAS fell back to
    /// kernels older than the CPU supports. Returns normally otherwise. Also returns when the
    /// restart fails, and the process then runs on the slower kernels.
    ///
    /// Call it first thing in an executable's `main`, before any output or threads: the restart
    /// replaces the process image with the same arguments and open files.
    public static func restartOnBetterKernelsIfNeeded() {
        let environment = ProcessInfo.processInfo.environment
        if let marker = environment[detectedCoreVariable] {
            // This process is the restart: remember the replaced core, and keep the marker
            // from the processes it starts. A marker counts only where the kernels in use
            // are indeed newer than the ones it names.
            unsetenv(detectedCoreVariable)
            if environment[coreTypeVariable] != nil,
               let used = VectorExtension(openBLASCore: activeCore),
               let detected = VectorExtension(openBLASCore: marker), used > detected {
                replacedCore = marker
            }
            return
        }
        guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return }
        let detected = activeCore
        guard let coreType = betterCoreType(activeCore: detected, cpuFlags: cpuFlags(cpuinfo: cpuinfo),
                                            environment: environment) else { return }
        setenv(coreTypeVariable, coreType, 1)
        setenv(detectedCoreVariable, detected, 1)
        let arguments = CommandLine.arguments
        var cArguments: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        cArguments.append(nil)
        execv("/proc/self/exe", &cArguments)
        // execv returns only on failure, so undo the variables and keep the kernels in use.
        for pointer in cArguments { free(pointer) }
        unsetenv(coreTypeVariable)
        unsetenv(detectedCoreVariable)
    }

    /// One line naming the kernel set, and the one OpenBLAS chose when a restart replaced it.
    public static var summary: String {
        let active = activeCore
        let instructions = VectorExtension(openBLASCore: active).map { " (\($0.instructionsName))" } ?? ""
        guard let replaced = replacedCore else {
            if let requested = ProcessInfo.processInfo.environment[coreTypeVariable],
               requested.lowercased() != active.lowercased() {
                return "OpenBLAS \(active) kernels\(instructions); OPENBLAS_CORETYPE=\(requested) was not "
                    + "recognised, so OpenBLAS chose these"
            }
            return "OpenBLAS \(active) kernels\(instructions)"
        }
        let replacedInstructions = VectorExtension(openBLASCore: replaced).map { " (\($0.instructionsName))" } ?? ""
        return "OpenBLAS \(active) kernels\(instructions); OpenBLAS did not recognise this CPU and chose "
            + "\(replaced)\(replacedInstructions), so sunmask restarted on \(active)"
    }
}
