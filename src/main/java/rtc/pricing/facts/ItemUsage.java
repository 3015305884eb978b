package rtc.pricing.facts;

import java.time.LocalDate;

/**
 * The seconds of one billing item on one billing day of one app ({@code appId} null when the usage names none),
 * summed over every user, room and task: what the settlement rules price and settle.
 */
public record ItemUsage(LocalDate date, String appId, BillingItem item, long seconds) implements UsageFact {
}
