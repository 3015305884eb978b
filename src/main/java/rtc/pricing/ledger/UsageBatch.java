package rtc.pricing.ledger;

import java.util.List;

/**
 * A {@code POST /v1/usage} body as {@link UsageReports} read it: its entries in the order sent, each a readable
 * {@link UsageReport} or {@link Unreadable} (a report is judged on its own: one that cannot be read rejects only
 * itself, so the batch keeps its place in the answer).
 */
public record UsageBatch(List<Entry> entries) {

    /** An entry of the batch. */
    public sealed interface Entry permits UsageReport, Unreadable {
    }

    /** An entry rejected as read: its reportId if it gave a textual one (else null), and why. */
    public record Unreadable(String reportId, String reason) implements Entry {
    }

    public UsageBatch {
        entries = List.copyOf(entries);
    }
}
