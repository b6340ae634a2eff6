import SunmaskEngine
import XCTest

final class BLASKernelsTests: XCTestCase {
    let avx512Flags: Set<String> = ["sse3", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl"]
    let avx2Flags: Set<String> = ["sse3", "avx", "avx2", "fma"]

    func testFlagsOfFirstProcessor() {
        let cpuinfo = """
            processor\t: 0
            model name\t: Intel(R) Xeon(R) Processor
            flags\t\t: fpu sse2 avx avx2 fma
            bogomips\t: 4200.00

            processor\t: 1
            flags\t\t: fpu sse2
            """
        XCTAssertEqual(BLASKernels.cpuFlags(cpuinfo: cpuinfo), ["fpu", "sse2", "avx", "avx2", "fma"])
        XCTAssertEqual(BLASKernels.cpuFlags(cpuinfo: "processor : 0\nmodel : 207\n"), [])
    }

    func testExtensionNeedsEveryFlag() {
        XCTAssertEqual(VectorExtension(cpuFlags: avx512Flags), .avx512)
        // AVX-512F alone is not enough for the SkylakeX kernels.
        XCTAssertEqual(VectorExtension(cpuFlags: avx2Flags.union(["avx512f"])), .avx2)
        // AVX2 without FMA3 runs only AVX kernels.
        XCTAssertEqual(VectorExtension(cpuFlags: ["sse3", "avx", "avx2"]), .avx)
        XCTAssertEqual(VectorExtension(cpuFlags: ["sse2", "sse3"]), .sse)
        XCTAssertEqual(VectorExtension(cpuFlags: []), .sse)
    }

    func testCoreNamesMapToExtensions() {
        XCTAssertEqual(VectorExtension(openBLASCore: "Prescott"), .sse)
        XCTAssertEqual(VectorExtension(openBLASCore: "NEHALEM"), .sse)
        XCTAssertEqual(VectorExtension(openBLASCore: "Sandybridge"), .avx)
        XCTAssertEqual(VectorExtension(openBLASCore: "Zen"), .avx2)
        XCTAssertEqual(VectorExtension(openBLASCore: "SkylakeX"), .avx512)
        XCTAssertNil(VectorExtension(openBLASCore: "ARMV8"))
        // Each tier's core type maps back to the same tier.
        for tier in VectorExtension.allCases {
            XCTAssertEqual(VectorExtension(openBLASCore: tier.openBLASCoreType), tier)
        }
    }

    func testOnlyOlderKnownCoreReplaced() {
        XCTAssertEqual(BLASKernels.betterCoreType(activeCore: "Prescott", cpuFlags: avx512Flags, environment: [:]),
                       "SkylakeX")
        XCTAssertEqual(BLASKernels.betterCoreType(activeCore: "Prescott", cpuFlags: avx2Flags, environment: [:]),
                       "Haswell")
        XCTAssertEqual(BLASKernels.betterCoreType(activeCore: "Sandybridge", cpuFlags: avx2Flags, environment: [:]),
                       "Haswell")
        // A core that matches the CPU, or uses newer instructions than its flags list, stays.
        XCTAssertNil(BLASKernels.betterCoreType(activeCore: "Haswell", cpuFlags: avx2Flags, environment: [:]))
        XCTAssertNil(BLASKernels.betterCoreType(activeCore: "SkylakeX", cpuFlags: avx2Flags, environment: [:]))
        // A name outside the table is never second-guessed.
        XCTAssertNil(BLASKernels.betterCoreType(activeCore: "ARMV8", cpuFlags: avx512Flags, environment: [:]))
        // An explicit choice by the user is kept, even an old one.
        XCTAssertNil(BLASKernels.betterCoreType(activeCore: "Prescott", cpuFlags: avx512Flags,
                                                environment: ["OPENBLAS_CORETYPE": "Prescott"]))
    }
}
