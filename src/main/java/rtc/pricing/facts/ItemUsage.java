package rtc.pricing.facts;

import java.time.LocalDate;

/** The seconds of one billing item on one billing day, summed over every user, room and task of the app. */
public record ItemUsage(LocalDate date, BillingItem item, long seconds) implements Dated {
}
