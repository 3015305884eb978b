package rtc.pricing.facts;

/**
 * A fact a catalogue rule states once per rule set ({@code when Catalogue()} or {@code when PriceList()}), naming
 * the rule that stated it, so the gate can check it is stated once and pinned by an example.
 */
public interface Stated {

    String rule();
}
