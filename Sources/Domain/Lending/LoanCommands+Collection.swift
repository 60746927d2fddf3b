/// Ghi kết quả thu của tổ as a plan: every line checked against the sitting, the cash counted
/// against the lines, then one entry per line and the changes of loans and savings.
extension LoanCommands {
    /// The batch, or its refusal: `badCollectionLines` naming every bad line, or
    /// `cashMismatch`. `newID` gives each entry its id.
    public static func collection(
        _ sitting: CollectionSitting, cashCounted: Money, lines: [CollectionLine],
        newID: () -> String
    ) throws -> CollectionPlan {
        guard !lines.isEmpty else {
            throw PlatformError.invalidInput(field: "lines", message: "Bảng kê chưa có dòng nào.")
        }
        var after = sitting
        let resolved = try resolve(lines, sitting: &after)
        let expected = try CollectionRules.expectedCash(resolved)
        guard expected == cashCounted else {
            throw LendingError.cashMismatch(counted: cashCounted, lines: expected)
        }
        var plan = CollectionPlan()
        plan.lines = resolved
        for line in resolved {
            let entryID = EntryID(newID())
            plan.entries.append(try entry(line, id: entryID, sitting: sitting, plan: plan))
            try take(line, entryID: entryID, into: &plan)
        }
        plan.newAccounts = plan.savings.keys.filter { sitting.savings[$0] == nil }.sorted()
        plan.repaid = try plan.reallocates.filter { id in
            guard let loan = after.loans[id] else { return false }
            return repays(
                approved: loan.approved, disbursed: try loan.facts.disbursed(),
                outstanding: loan.standing.outstanding)
        }
        return plan
    }

    /// Every line checked in order; each line of a loan sees what the earlier lines paid (the
    /// loans of `sitting` carry that forward). Refused with every problem found.
    static func resolve(
        _ lines: [CollectionLine], sitting: inout CollectionSitting
    ) throws -> [CollectionLine] {
        var problems: [ErrorDetail] = []
        var resolved: [CollectionLine] = []
        var withdrawn: [String: Money] = [:]
        for (n, original) in lines.enumerated() {
            var line = original
            func fail(_ field: String, _ code: String, _ message: String) {
                problems.append(
                    ErrorDetail(
                        row: n + 1, field: field, code: code, message: "Dòng \(n + 1): \(message)"))
            }
            for (field, message) in CollectionRules.problems(
                line, minimumDeposit: sitting.minimumDeposit)
            {
                fail(field, "invalid_line", message)
            }
            if let loanID = line.loan {
                guard var loan = sitting.loans[loanID], loan.loan.groupID == sitting.groupID else {
                    fail("loan", "loan_not_in_group", "khoản vay \(loanID) không thuộc tổ này.")
                    continue
                }
                if line.member.isEmpty, let household = loan.household { line.member = household }
                if loan.household != line.member {
                    fail("loan", "loan_not_of_member", "khoản vay không phải của tổ viên này.")
                }
                for problem in try LoanAccount.repaymentProblems(
                    loan.facts, on: sitting.date, today: sitting.today, interest: line.interest,
                    principal: line.principal) where problem != .invalidAmount
                {
                    let field =
                        problem == .interestAboveDue(loan.standing.interestDue)
                        ? "interest" : "principal"
                    fail(field, problem.code, problem.message)
                }
                loan.facts.interestPaid = try loan.facts.interestPaid.adding(
                    max(.zero, line.interest))
                if line.principal.dong > 0 {
                    loan.facts.movements.append(
                        PrincipalMovement(
                            on: sitting.date, amount: try Money.zero.subtracting(line.principal)))
                }
                loan.standing = try LoanAccount.standing(loan.facts, on: sitting.date)
                sitting.loans[loanID] = loan
            }
            if !sitting.members.contains(line.member) {
                fail(
                    "member", "not_a_member",
                    "hộ không phải tổ viên của tổ vào ngày \(sitting.date.vietnamese).")
            }
            let drawn = try line.drawnFromSavings()
            let net = try withdrawn[line.member, default: .zero]
                .adding(try drawn.subtracting(line.savingsDeposit))
            withdrawn[line.member] = net
            let balance = sitting.savings[line.member] ?? .zero
            if drawn.dong > 0, net > balance {
                fail(
                    line.interestFromSavings ? "interestFromSavings" : "savingsWithdrawal",
                    "savings_insufficient", "rút vượt số dư tiết kiệm \(balance).")
            }
            resolved.append(line)
        }
        guard problems.isEmpty else { throw LendingError.badCollectionLines(problems) }
        return resolved
    }

    /// One line's entry. Earlier lines of the batch for the same loan took from its balances
    /// already (`plan.loans`): principal leaves what they left, interest first undoes what is
    /// still accrued.
    static func entry(
        _ line: CollectionLine, id: EntryID, sitting: CollectionSitting, plan: CollectionPlan
    ) throws -> JournalEntry {
        let loan = line.loan.flatMap { sitting.loans[$0] }
        var credits: [(account: Account, amount: Money)] = []
        var receivable = Money.zero
        if let loan, line.principal.dong > 0 || line.interest.dong > 0 {
            let taken = plan.loans[loan.loan.loanID] ?? LoanPlan.Figures()
            let adjusted = LoanPostings.balances(
                loan.balances, afterPrincipal: taken.principalRepaid)
            receivable = max(
                .zero,
                try loan.held(ChartOfAccounts.interestReceivable)
                    .subtracting(taken.interestPaid))
            if line.principal.dong > 0 {
                credits = LoanPostings.principalCredits(amount: line.principal, balances: adjusted)
            }
        }
        return CollectionRules.entry(
            id: id, on: sitting.date, line: line, interestReceivable: receivable,
            principalCredits: credits, loan: loan?.loan, unitID: sitting.unitID,
            groupID: sitting.groupID,
            description: "Thu tại tổ \(sitting.groupName), ngày \(sitting.date.vietnamese)")
    }

    /// What one posted line changes: the loan's figures and its repayment event, the member's
    /// savings and their movements, the batch's sums.
    static func take(
        _ line: CollectionLine, entryID: EntryID, into plan: inout CollectionPlan
    ) throws {
        var totals = plan.totals
        totals.interest = try totals.interest.adding(line.interest)
        if line.via == .leader {
            totals.interestViaLeader = try totals.interestViaLeader.adding(line.interest)
        }
        totals.principal = try totals.principal.adding(line.principal)
        totals.savingsDeposits = try totals.savingsDeposits.adding(line.savingsDeposit)
        totals.savingsWithdrawals = try totals.savingsWithdrawals.adding(line.savingsWithdrawal)
        if line.interestFromSavings {
            totals.interestFromSavings = try totals.interestFromSavings.adding(line.interest)
        }
        plan.totals = totals
        if let loanID = line.loan, line.interest.dong > 0 || line.principal.dong > 0 {
            var figures = plan.loans[loanID] ?? LoanPlan.Figures()
            figures.interestPaid = try figures.interestPaid.adding(line.interest)
            figures.principalRepaid = try figures.principalRepaid.adding(line.principal)
            plan.loans[loanID] = figures
            plan.repayments.append(
                .init(
                    loanID: loanID, entryID: entryID, principal: line.principal,
                    interest: line.interest, via: line.via))
        }
        let drawn = try line.drawnFromSavings()
        guard line.savingsDeposit.dong > 0 || drawn.dong > 0 else { return }
        let saved = try line.savingsDeposit.subtracting(drawn)
        plan.savings[line.member] = try plan.savings[line.member, default: .zero].adding(saved)
        if line.savingsDeposit.dong > 0 {
            plan.movements.append(
                .init(household: line.member, amount: line.savingsDeposit, entryID: entryID))
        }
        if line.savingsWithdrawal.dong > 0 {
            plan.movements.append(
                .init(
                    household: line.member,
                    amount: try Money.zero.subtracting(line.savingsWithdrawal),
                    entryID: entryID))
        }
        if line.interestFromSavings, line.interest.dong > 0 {
            plan.movements.append(
                .init(
                    household: line.member, amount: try Money.zero.subtracting(line.interest),
                    entryID: entryID, paysInterest: true))
        }
    }
}
