package rtc.pricing.facts;

/** Cloud recording mode: one file per stream, or all streams mixed into one picture. */
public enum Mode { SINGLE, MIXED }
