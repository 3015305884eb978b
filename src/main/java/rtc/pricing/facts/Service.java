package rtc.pricing.facts;

/** The billed services (api.md `service`). */
public enum Service { BASE, RECORDING, TRANSCODING }
