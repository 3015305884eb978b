package rtc.pricing.facts;

/**
 * One billing item: what a price is quoted for and what daily settlement sums seconds by
 * (policy §3: service × audio/tier × mode/codec). {@code tier} is null for audio; {@code mode} only for
 * recording; {@code codec} only for transcoded video.
 */
public record BillingItem(Service service, Category category, String tier, Mode mode, Codec codec) {

    public static BillingItem audio(Service service, Mode mode) {
        return new BillingItem(service, Category.AUDIO, null, mode, null);
    }

    /** The old billing mode's unified minute of {@code service}: audio and every video tier alike. */
    public static BillingItem unified(Service service) {
        return new BillingItem(service, Category.UNIFIED, null, null, null);
    }

    public static BillingItem video(Service service, String tier, Mode mode, Codec codec) {
        return new BillingItem(service, Category.VIDEO, tier, mode, codec);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder().append(service).append(' ').append(category);
        if (tier != null) s.append(' ').append(tier);
        if (mode != null) s.append(' ').append(mode);
        if (codec != null) s.append(' ').append(codec);
        return s.toString();
    }
}
