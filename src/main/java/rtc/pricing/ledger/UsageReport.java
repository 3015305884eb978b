package rtc.pricing.ledger;

import java.time.ZonedDateTime;

/**
 * One usage report of {@code POST /v1/usage} as read and checked by {@link UsageReports}: {@code interval} in the
 * billing zone, on the 5-minute grid; {@code tier} for VIDEO only, {@code mode} for RECORDING, {@code codec} for
 * TRANSCODING (else null).
 */
public record UsageReport(String reportId, String appId, ZonedDateTime interval, String service, String category,
        String tier, String mode, String codec, long seconds) implements UsageBatch.Entry {
}
