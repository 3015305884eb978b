package rtc.pricing.facts;

/** What happens to usage nothing covers: it is billed postpaid, or the service stops (and it is still billed). */
public enum RunOutAction { POSTPAID, STOP }
