package dev.campaigntick.audience;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;

/** Normalises phone numbers to E.164 with libphonenumber. */
public final class PhoneNumbers {

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  private PhoneNumbers() {}

  /** A normalised number, or why the input is not one. */
  public record Parsed(String e164, String error) {
    public boolean valid() {
      return error == null;
    }
  }

  /** Whether {@code region} is a region libphonenumber knows (ISO 3166 alpha-2, e.g. "US"). */
  public static boolean isKnownRegion(String region) {
    return region != null && UTIL.getSupportedRegions().contains(region.toUpperCase(Locale.ROOT));
  }

  /**
   * Parses {@code raw}: international numbers ("+44 20 7946 0958") always, national ones ("(415)
   * 555-2671") only with a {@code defaultRegion}.
   */
  public static Parsed normalise(String raw, String defaultRegion) {
    if (raw == null || raw.isBlank()) {
      return new Parsed(null, "phone is required");
    }
    String region = defaultRegion == null ? null : defaultRegion.toUpperCase(Locale.ROOT);
    try {
      PhoneNumber number = UTIL.parse(raw.trim(), region);
      if (!UTIL.isValidNumber(number)) {
        return new Parsed(null, "not a valid phone number");
      }
      return new Parsed(UTIL.format(number, PhoneNumberFormat.E164), null);
    } catch (NumberParseException e) {
      return new Parsed(
          null,
          switch (e.getErrorType()) {
            case INVALID_COUNTRY_CODE ->
                region == null
                    ? "no country code: write it as +<country code>… or pass defaultRegion"
                    : "invalid country code";
            case TOO_SHORT_NSN, TOO_SHORT_AFTER_IDD -> "too short to be a phone number";
            case TOO_LONG -> "too long to be a phone number";
            default -> "not a phone number";
          });
    }
  }
}
