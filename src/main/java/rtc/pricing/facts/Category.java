package rtc.pricing.facts;

/** Audio or video time (api.md `category`). */
public enum Category { AUDIO, VIDEO }
