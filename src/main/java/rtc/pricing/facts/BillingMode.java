package rtc.pricing.facts;

/** The account's billing mode: the 2019 model ({@code NEW}) or the old one ({@code LEGACY}, unified minutes). */
public enum BillingMode { NEW, LEGACY }
