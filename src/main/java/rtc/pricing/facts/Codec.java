package rtc.pricing.facts;

/** Video codec of a transcoding (MCU) output. */
public enum Codec { H264, H265 }
