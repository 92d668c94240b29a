namespace Samplan.Domain.People;

/// <summary>
/// Norwegian national identity number (fødselsnummer) or D-number: 11 digits, birth date (DDMMYY),
/// individual number (3 digits) and two mod-11 check digits. D-numbers add 4 to the first digit;
/// synthetic test numbers (Skatteetaten/NAV test range) add 80 to the month and are accepted so demo
/// and benchmark data can never be a real person's number.
/// </summary>
public sealed record NationalIdentityNumber
{
    static readonly int[] FirstWeights = [3, 7, 6, 1, 8, 9, 4, 5, 2];
    static readonly int[] SecondWeights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

    NationalIdentityNumber(string value, DateOnly birthDate, bool isDNumber, bool isSynthetic)
    {
        Value = value;
        BirthDate = birthDate;
        IsDNumber = isDNumber;
        IsSynthetic = isSynthetic;
    }

    public string Value { get; }
    public DateOnly BirthDate { get; }
    public bool IsDNumber { get; }
    public bool IsSynthetic { get; }

    public override string ToString() => Value;

    /// <summary>Parses, or says in plain words what is wrong (shown next to the form field).</summary>
    public static bool TryParse(string? input, out NationalIdentityNumber? number, out string error)
    {
        number = null;
        var digits = (input ?? "").Replace(" ", "", StringComparison.Ordinal);
        if (digits.Length != 11 || !digits.All(char.IsAsciiDigit))
        {
            error = "Fødselsnummeret må ha 11 sifre.";
            return false;
        }
        var d = digits.Select(c => c - '0').ToArray();
        if (CheckDigit(d, FirstWeights) != d[9] || CheckDigit(d, SecondWeights) != d[10])
        {
            error = "Fødselsnummeret har feil kontrollsiffer. Sjekk at alle sifrene er riktige.";
            return false;
        }
        var day = d[0] * 10 + d[1];
        var month = d[2] * 10 + d[3];
        var isDNumber = day > 40;
        if (isDNumber) day -= 40;
        var isSynthetic = month > 80;
        if (isSynthetic) month -= 80;
        else if (month > 40) month -= 40; // H-number (help number used in health services)
        var year2 = d[4] * 10 + d[5];
        var individual = d[6] * 100 + d[7] * 10 + d[8];
        int? year = individual switch
        {
            <= 499 => 1900 + year2,
            <= 749 when year2 >= 54 => 1800 + year2,
            >= 500 when year2 <= 39 => 2000 + year2,
            >= 900 when year2 >= 40 => 1900 + year2,
            _ => null,
        };
        if (year is null || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year.Value, month))
        {
            error = "Fødselsnummeret inneholder ikke en gyldig fødselsdato.";
            return false;
        }
        number = new NationalIdentityNumber(digits, new DateOnly(year.Value, month, day), isDNumber, isSynthetic);
        error = "";
        return true;
    }

    public static NationalIdentityNumber Parse(string input) =>
        TryParse(input, out var number, out var error) ? number! : throw new FormatException(error);

    /// <summary>Builds a valid synthetic number (month + 80) for a birth date, or null when the
    /// individual number gives no valid check digit. Used by demo data and the data generator.</summary>
    public static NationalIdentityNumber? Synthetic(DateOnly birthDate, int individualNumber)
    {
        var prefix = $"{birthDate.Day:00}{birthDate.Month + 80:00}{birthDate.Year % 100:00}{individualNumber:000}";
        var d = prefix.Select(c => c - '0').ToList();
        var k1 = CheckDigit([.. d], FirstWeights);
        if (k1 == 10) return null;
        d.Add(k1);
        var k2 = CheckDigit([.. d], SecondWeights);
        if (k2 == 10) return null;
        return TryParse(prefix + k1 + k2, out var number, out _) && number!.BirthDate == birthDate ? number : null;
    }

    static int CheckDigit(int[] digits, int[] weights)
    {
        var sum = 0;
        for (var i = 0; i < weights.Length; i++) sum += digits[i] * weights[i];
        var k = 11 - sum % 11;
        return k == 11 ? 0 : k; // 10 never matches a digit, so such a number is refused
    }
}
