package rtc.pricing.security;

import java.util.Optional;

/**
 * Where the users created over the API are kept (the ledger's database, table {@code ledger_user}). Security reads
 * them through this alone, so it depends on no storage; the ledger implements it.
 */
public interface UserStore {

    /** The stored user named {@code username} (a name that matches {@link UserDirectory#USERNAME}), or empty. */
    Optional<UserDirectory.User> find(String username);
}
