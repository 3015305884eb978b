package rtc.pricing.facts;

/**
 * A video resolution seen in a quote. The tier rules classify it by {@code area}; orientation is irrelevant
 * because the area is.
 */
public record VideoFormat(int width, int height, long area) {

    public static VideoFormat of(int width, int height) {
        return new VideoFormat(width, height, (long) width * height);
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
