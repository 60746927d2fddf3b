import Foundation
import Store
import Testing

/// Issue #13 §1, found by `.ci/fuzz_imports.py` (seed 1, case ~1,900): a collections workbook with
/// one flipped bit whose sheet's deflate stream never ends. ZIPFoundation's Linux inflater read an
/// empty chunk at the end of the file forever, so the upload held a server thread at full load
/// and never answered. The workbook reader now feeds the inflater only the entry's own bytes.
@Suite("A workbook whose compressed sheet never ends is refused at once")
struct WorkbookStreamTests {
    static let neverEnding = """
        UEsDBBQAAAAIAAAAIVym5wqgDgEAALYCAAATAAAAW0NvbnRlbnRfVHlwZXNdLnhtbK1SzU4CMRC++xRNr2TbxYMx
        hl0OqEc1ER9gbGd3G/qXTkF4e8uCxhiUC6dJ+/1mMrP51lm2wUQm+IZPRc0ZehW08X3D35aP1S1nlMFrsMFjw3dI
        fN5ezZa7iMSK2FvDh5zjnZSkBnRAIkT0BelCcpDLM/UyglpBj/K6rm+kCj6jz1Xee/B2do8drG1mD9vyfSiS0BJn
        iwNxn9VwiNEaBbngcuP1r5TqmCCKcuTQYCJNCoHLkwl75O+Io+65bCYZjewFUn4CV1hya+VHSKv3EFbif5MTLUPX
        GYU6qLUrEkExIWgaELOzYpzCgfGT8/kjmeQ4phcu8u1/pgcNkFC/5nSuhS6+jB/eXz3keHbtJ1BLAwQUAAAACAAA
        ACFcBlnHgrEAAAAoAQAACwAAAF9yZWxzLy5yZWxzjc+xDoIwEAbg3adobpeCgzGGwmJMWA0+QG2PQoBe01aFt7ej
        GgfHy/33/bmyXuaJPdCHgayAIsuBoVWkB2sEXNvz9gAsRGm1nMiigBUD1NWmvOAkY7oJ/eACS4gNAvoY3ZHzoHqc
        ZcjIoU2bjvwsYxq94U6qURrkuzzfc/9uQPVhskYL8I0ugLWrw39s6rpB4YnUfUYbf1R8JZIsvcEoYJn4k/x4Ixqz
        hAKvSv7xYPUCUEsDBBQAAAAIAAAAIVx3QP7EvAAAABwBAAAPAAAAeGwvd29ya2Jvb2sueG1sjU/LjsIwDLzzFZHv
        S9o9IFS15YKQOC98QGhcGtHYlZ3l8feE153TjDWa8Uy9usbRnFE0MDVQzgswSB37QMcG9rvNzxKMJkfejUzYwA0V
        Vu2svrCcDswnk/2kDQwpTZW12g0Ync55QspKzxJdyqccrU6CzuuAmOJof4tiYaMLBK+ESr7J4L4PHa65+49I6RUi
        OLqU2+sQJoW2fn7QNxpyMbf+e/AyL3ng1uehYKQKmcjWl2Db2n5s9rOsvQNQSwMEEAAAAAgAAAAhXPrE8SLLAAAA
        tgEAABoAAAB4bC9fcmVscy93b3JrYm9vay54bWwucmVsc62Qz2rDMAyH73sKo3ujpIcxRp1exqDXrXsAYytxaGIb
        Sd3Wt58Z7E+ghx12EpLQp4/fbv++zOaVWKacLHRNC4aSz2FKo4WX4+PmDoyoS8HNOZGFCwns+5vdE81O643EqYip
        kCQWomq5RxQfaXHS5EKpbobMi9Pa8ojF+ZMbCbdte4v8mwH9imkOwQIfQgfmeCn0F3YehsnTQ/bnhZJeeYFvmU8S
        ibRCHY+kFr5Hgp+layoV8LrM9j9lJDqm8Kxco5YfodX4SwZXcfcfUEsDBBQAAAAIAAAAIVwOmQFHTAEAAOoEAAAY
        AAAAeGwvd29ya3NoZWV0cy9zaGVldDEueG1sbdRbbsIwEIXh964i8ntxrkCrJKi5bqBdgJW4gEpsZFuh3X1dVFkz
        I95IPoM4v6KUh+/lE63S2LNWFUs2MYukmvR8VseKfbwPz3sWWSfULC5ayYr9SMsO9VN50+bLnqR0kf8BZSt2cu76
        yrmdTnIRdqOvUnn51GYRzl+aI7dXI8V8/9Jy4Wkcb/kizorV5f1eJ5yoS6NvkfF/xN+d/j68JSxyFbP+eq3jkq91
        yad/a6Al2FpoKbYOWoath5ZjG6AV2EZo22Dc7wmj0jAqBYd3ZBS0PRkF7YWMgpaQUj1CkmpASFqNCLPHw7IwLIOn
        Sb4GIenXItySbQhJsB4hKTYgJMlGiGn8eFsetuXwNGnYICQNW4TkgesQkmQ9QpJsQEiSjQh3j7cVYVsBT5OGDULS
        sIWYkceuQ0iS9QhJsgEhSTYizMk2Dt4mPLym6l9QSwMEFAAAAAgAAAAhXDrwJKH5AAAAVgMAABQAAAB4bC9zaGFy
        ZWRTdHJpbmdzLnhtbMWTMU/DMBCFd36F5b21k0BVKscdQIiNBcRskqOxZJ+Nzwnw73EFYkiGslTc9r7nO707yWr/
        4R2bIJEN2PJqLTkD7EJv8dDyp8e71ZYzygZ74wJCyz+B+F5fKKLMSitSy4ec404I6gbwhtYhAhbnNSRvcpHpICgm
        MD0NANk7UUu5Ed5Y5KwLI+aWN1ecjWjfRrj5BVqR1SprD/4FkhJZK3Ek39QFg3NmMUMCynM+WTNHMVnsbDRubpCZ
        yuZ0CzGQXUz6cZ9tHvpk3pft9w8rWcvtHJ/SrlxnueNcV7LUqUfHBNXm+r8TXDbnSVD/NYEsznSDEwlE+Rj6C1BL
        AQIUAxQAAAAIAAAAIVym5wqgDgEAALYCAAATAAAAAAAAAAAAAACAAQAAAABbQ29udGVudF9UeXBlc10ueG1sUEsB
        AhQDFAAAAAgAAAAhXAZZx4KxAAAAKAEAAAsAAAAAAAAAAAAAAIABPwEAAF9yZWxzLy5yZWxzUEsBAhQDFAAAAAgA
        AAAhXHdA/sS8AAAAHAEAAA8AAAAAAAAAAAAAAIABGQIAAHhsL3dvcmtib29rLnhtbFBLAQIUAxQAAAAIAAAAIVz6
        xPEiywAAALYBAAAaAAAAAAAAAAAAAACAAQIDAAB4bC9fcmVscy93b3JrYm9vay54bWwucmVsc1BLAQIUAxQAAAAI
        AAAAIVwOmQFHTAEAAOoEAAAYAAAAAAAAAAAAAACAAQUEAAB4bC93b3Jrc2hlZXRzL3NoZWV0MS54bWxQSwECFAMU
        AAAACAAAACFcOvAkofkAAABWAwAAFAAAAAAAAAAAAAAAgAGHBQAAeGwvc2hhcmVkU3RyaW5ncy54bWxQSwUGAAAA
        AAYABgCHAQAAsgYAAAAA
        """

    @Test("Refused as not a workbook, in well under a second", .timeLimit(.minutes(1)))
    func refused() throws {
        let data = try #require(Data(base64Encoded: Self.neverEnding, options: .ignoreUnknownCharacters))
        let started = ContinuousClock.now
        #expect(throws: CSVError.notWorkbook) { try CSVTable(fileData: data) }
        #expect(ContinuousClock.now - started < .seconds(5))
    }
}
