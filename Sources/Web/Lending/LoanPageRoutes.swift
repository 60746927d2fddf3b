import Vapor

/// The pages of applications and loans; who may use each is the same rule as its API twin.
struct LoanPageRoutes {
    func register(_ app: Application) {
        app.on(.GET, ["applications"], access: .signedIn, kind: .page) { req in try await ApplicationPages.list(req) }
        app.on(.GET, ["applications", "new"], access: LoanRoutes.applicants, kind: .page) { req in try await ApplicationPages.newForm(req) }
        app.on(.POST, ["applications"], access: LoanRoutes.applicants, kind: .page) { req in try await ApplicationPages.create(req) }
        app.on(.GET, ["applications", "direct", "new"], access: LoanRoutes.lenders, kind: .page) {
            req in
            // Filled in from a query (a social-housing demand links here); the POST checks it all.
            let form =
                (try? req.query.decode(ApplicationPages.DirectForm.self))
                ?? ApplicationPages.DirectForm()
            return try await ApplicationPages.directForm(req, form: form)
        }
        app.on(.POST, ["applications", "direct"], access: LoanRoutes.lenders, kind: .page) { req in try await ApplicationPages.createDirect(req) }
        app.on(.GET, ["applications", "certify"], access: LoanRoutes.certifiers, kind: .page) { req in try await ApplicationPages.certifyForm(req) }
        app.on(.POST, ["applications", "certify"], access: LoanRoutes.certifiers, kind: .page) { req in try await ApplicationPages.certify(req) }
        app.on(.GET, ["applications", ":id"], access: .signedIn, kind: .page) { req in try await ApplicationPages.show(req) }
        app.on(.GET, ["applications", ":id", "print"], access: .signedIn, kind: .page) { req in try await ApplicationPages.print(req) }
        app.on(.POST, ["applications", ":id", "prepare"], access: LoanRoutes.lenders, kind: .page) { req in try await ApplicationPages.prepare(req) }
        app.on(.POST, ["applications", ":id", "decide"], access: LoanRoutes.lenders, kind: .page) { req in try await ApplicationPages.decide(req) }
        app.on(.POST, ["applications", ":id", "disburse"], access: LoanRoutes.lenders, kind: .page) { req in try await ApplicationPages.disburse(req) }
        app.on(.POST, ["applications", ":id", "withdrawal"], access: LoanRoutes.applicants, kind: .page) { req in try await ApplicationPages.withdraw(req) }
        app.on(.GET, ["groups", ":id", "vetting"], access: LoanRoutes.applicants, kind: .page) { req in try await ApplicationPages.vettingForm(req) }
        app.on(.POST, ["groups", ":id", "vetting"], access: LoanRoutes.applicants, kind: .page) { req in try await ApplicationPages.vet(req) }
        app.on(.GET, ["groups", ":id", "vetting", ":meeting"], access: .signedIn, kind: .page) { req in try await ApplicationPages.vettedList(req) }

        app.on(.GET, ["loans"], access: .signedIn, kind: .page) { req in try await LoanPages.list(req) }
        app.on(.GET, ["loans", "due"], access: .signedIn, kind: .page) { req in try await LoanPages.due(req) }
        app.on(.GET, ["loans", "quality"], access: .signedIn, kind: .page) { req in try await LoanPages.quality(req) }
        app.on(.GET, ["loans", ":id"], access: .signedIn, kind: .page) { req in try await LoanPages.show(req) }
        app.on(.GET, ["loans", ":id", "book"], access: .signedIn, kind: .page) { req in try await LoanPages.book(req) }
        app.on(.POST, ["loans", ":id", "repay"], access: LoanRoutes.lenders, kind: .page) { req in try await LoanPages.repay(req) }
        app.on(.POST, ["loans", ":id", "reverse"], access: LoanRoutes.lenders, kind: .page) { req in try await LoanPages.reverse(req) }
        app.on(.POST, ["loans", ":id", "risk", ":action"], access: LoanRoutes.lenders, kind: .page) { req in try await LoanPages.risk(req) }
    }
}
