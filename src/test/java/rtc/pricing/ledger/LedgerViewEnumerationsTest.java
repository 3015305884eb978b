package rtc.pricing.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.junit.jupiter.api.Test;

import rtc.pricing.facts.BillingMode;
import rtc.pricing.facts.PackageKind;
import rtc.pricing.facts.RunOutAction;

/**
 * The ledger's views answer enum values as strings, and their schemas list them by hand: pinned to the enums they
 * come from, so a kind added to the facts cannot be missing from the document.
 */
class LedgerViewEnumerationsTest {

    private static Set<String> listed(Class<? extends Record> view, String component) throws Exception {
        Schema schema = view.getDeclaredMethod(component).getAnnotation(Schema.class);
        return Set.of(schema.enumeration());
    }

    private static Set<String> names(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.toSet());
    }

    @Test
    void theViewsListEveryValueOfTheirEnums() throws Exception {
        assertEquals(names(PackageKind.class), listed(Ledger.PackageView.class, "kind"));
        assertEquals(names(BillingMode.class), listed(Ledger.AccountView.class, "mode"));
        assertEquals(names(BillingMode.class), listed(Ledger.ConversionView.class, "mode"));
        assertEquals(names(RunOutAction.class), listed(Ledger.AccountView.class, "trialExhaustedAction"));
    }
}
