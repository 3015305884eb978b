package rtc.pricing.facts;

/**
 * Audio or video time (api.md {@code category}); {@code UNIFIED} is the old billing mode's one base-service
 * minute, whatever was sent (policy §6a, legacy mode): it is priced by contract books only, never quoted.
 */
public enum Category { AUDIO, VIDEO, UNIFIED }
