import Foundation
import Testing
import WaitgapCore
import WaitgapIngest

/// The lookups compiled into the binary are the published CSVs in `data/imd/`, area for area.
@Suite struct ShippedLookupTests {
    /// `data/imd/`, found from this file so that the test needs no resource bundle.
    static let dataFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("data/imd").path

    @Test(arguments: [(IMDVintage.iod2019, "imd2019_lsoa11.csv"), (.iod2025, "imd2025_lsoa21.csv")])
    func theCompiledLookupsMatchTheirCSVs(vintage: IMDVintage, file: String) throws {
        let published = try IMDLookup.load(path: Self.dataFolder + "/" + file, title: "published")
        let compiled = IMDLookup.shipped(vintage)
        #expect(compiled.count == published.count, "run scripts/make-imd-tables.py after changing \(file)")
        #expect(compiled.title == vintage.title && compiled.vintage == vintage)
        for decile in 1...10 {
            let value = IMDDecile(decile)!
            #expect(compiled.englishCodes(inDecile: value) == published.englishCodes(inDecile: value), "decile \(decile)")
        }
    }
}
