import FluentKit

/// Every migration of the product, in order. Shipped entries are never edited: a change is a new
/// migration appended at the end, with the reason on its line.
public enum ProductMigrations {
    public static let all: [any Migration] = [
        CreateUsers(),              // Platform: users with role and scope
        CreateSessions(),           // Platform: sessions, API tokens, login throttling
        CreateAuditLog(),           // Platform: who changed what, before and after
        CreateReferenceData(),      // Platform: dated reference values
        CreateUnits(),              // Places: unit versions and map changes
        CreateOffices(),            // Places: offices, communes served, transaction points
        CreateCitizenBirthplaces(), // Kernel: place-of-birth codes of citizen IDs
        LoadUnits2025(),            // Places: the official 2025 list
        SeedReferenceTables(),      // Platform: the first reference tables
        CreateDemoLoads(),          // Demo: marks a loaded demo province
        CreateHouseholds(),         // Registry: households, members, search words, villages, ethnic groups
        CreateHouseholdClassifications(), // Registry: classification history with decisions
        CreatePovertyStandards(),   // Registry: dated poverty standards, seeded with Decrees 07/2021 and 351/2025
        CreateReviews(),            // Registry: annual and regular reviews, the approval chain as reference data
        CreateIncomeScorecards(),   // Registry: Phiếu B1 income scorecards as dated data
        CreateNetwork(),            // Network: organisations, contracts, groups, memberships, boards, meetings, ratings
        CreateTransactionDays(),    // Network: transaction schedules and the sittings of each point
        CreateGroupScoring(),       // Network: the dated scoring tables that grade groups monthly
        CreateLedger(),             // Ledger: chart of accounts, journal, closed periods, idempotency keys
        CreatePrograms(),           // Lending: loan programs and their dated parameter sets
        CreateLoans(),              // Lending: applications, loans, instalments, events, risk limits
        CreateCollections(),        // Lending: members' savings and the collection batches of a sitting
        CreateMonthEnd(),           // Lending: month-end runs and their per-batch checkpoints
        CreateFees(),               // Network: fee and commission rates as reference data, the monthly fee lines
        CreateMonthFigures(),       // Lending: the month's summary tables, arrears list, savings interest rate, moved-sitting grace
        IndexLoanEventReversals(),  // Lending: "is this event reversed" without a scan of every event
        IndexJournalLinesByLoanAccount(), // Ledger: a loan's balance in an account from the index alone
        CreateSecurity(),           // Platform: security log, idle sessions, two-factor sign-in, the audit log's unit
        CreateVerifyRuns(),         // Platform: the results of `verify`, for /metrics
        PriceLoansByTheirSet(),     // Lending: the parameter set on each loan; the 2026-12-01 corrections
        AddBeneficiaryGroups(),     // Lending: beneficiary groups with their own rate, on applications and loans
        CreateBookImports(),        // Lending: loans brought in from an old book, and their reports
        CreateRateAdjustments(),    // Lending: rate adjustments as dated data, refunds of closed months
        CreditSavingsHalfYearly(),  // Lending: members' savings interest owed monthly, credited 30/6 and 31/12
        AddUnitBorrowers(),         // Lending: units borrowing per project and per job
        AddSavingsClose(),          // Lending: members' savings accounts closed with their interest
        AddFeePayouts(),            // Network: the fee on its base, split by level, and paid out
        AddStudentLoans(),          // Lending: students' contracts for the course, the STEM program
        AddLoanUseChecks(),         // Lending: what loans finance, and the loan-use checks
        AddWriteOffBatches(),       // Lending: write-off checklist and batches with approval levels
        CreateHousingDemands(),     // Housing: social-housing loan demand and its dated ceilings
        CreateCapital(),            // Capital: allocations, transfers, yearly plans, the 15 % share
        CreateRegistryFigures(),    // Registry: households and classifications counted per commune
        CreateCurrentLoanFigures(), // Lending: the open month's figures, kept by the writes
        CreateOversight(),          // Oversight: inspections, findings, black credit, use-checks
        CreateModelsAndContributions(), // Oversight: exemplary models, photos, contributions
        CreateDirectiveTasks(),     // Oversight: directive documents, agencies, tasks, reports
        CreateCheckPlans(),         // Oversight: loan-use check plans, their samples and rules
    ]

    public static func register(in migrations: Migrations) {
        migrations.add(all)
    }
}
