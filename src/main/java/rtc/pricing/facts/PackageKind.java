package rtc.pricing.facts;

/** What kind of package an account holds (api.md {@code packages[].kind}). */
public enum PackageKind {
    /** The free trial: granted, not purchased. */
    TRIAL,
    /** A prepaid general package of the new billing mode. */
    GENERAL,
    /** Old-mode packages (accounts registered before 2019-10-11): voice, SD and HD minutes. */
    LEGACY_VOICE, LEGACY_SD, LEGACY_HD;

    /** Bought by the account, rather than granted: everything but the trial. */
    public boolean purchased() {
        return this != TRIAL;
    }

    /** An old-mode package. */
    public boolean legacy() {
        return this == LEGACY_VOICE || this == LEGACY_SD || this == LEGACY_HD;
    }
}
