package rtc.pricing.security;

import java.util.Optional;
import java.util.Set;

/**
 * Where users, their password hashes and roles are looked up. In memory today ({@link InMemoryUserDirectory}, from
 * configuration); a database-backed directory replaces it when users become data (POST /v1/users).
 */
public interface UserDirectory {

    Optional<User> find(String username);

    record User(String username, PasswordHash password, Set<String> roles) {
        public User {
            roles = Set.copyOf(roles);
        }
    }
}
