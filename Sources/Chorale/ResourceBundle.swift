import Foundation

/// The resource folders that the Swift package manager copies beside each executable, found
/// without stopping the program.
///
/// The generated `Bundle.module` accessor stops the program with a fatal error when the folder is
/// missing both beside the executable and in the build folder. A binary copied elsewhere without
/// its resources should instead report what is missing, so the product looks resources up here.
public enum ResourceBundle {
    /// The package name that prefixes every resource folder.
    static let packageName = "SunmaskComposer"

    /// Returns the folder name of `target`'s resources, such as `SunmaskComposer_Chorale.resources`.
    public static func folderName(target: String) -> String {
        "\(packageName)_\(target).resources"
    }

    /// The folder holding the running executable, with symbolic links resolved, so that an
    /// installed link in `bin` still finds the resources beside the real binary.
    public static var executableFolder: URL {
        Bundle.main.bundleURL.resolvingSymlinksInPath()
    }

    /// Returns `target`'s resource bundle beside the running executable, or nil when it is missing.
    public static func bundle(target: String) -> Bundle? {
        Bundle(url: executableFolder.appendingPathComponent(folderName(target: target)))
    }

    /// Returns the URL of resource `name`.`ext` in `target`'s bundle, under `Resources/`, or nil
    /// when the bundle or the file is missing.
    public static func url(target: String, name: String, ext: String) -> URL? {
        bundle(target: target)?.url(forResource: name, withExtension: ext, subdirectory: "Resources")
    }
}
