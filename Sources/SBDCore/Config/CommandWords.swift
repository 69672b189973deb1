/// Splits `SBD_OPTS` into arguments the way the service passes it: in
/// `ExecStart=/usr/sbin/sbd $SBD_OPTS ...` systemd replaces an unbraced
/// `$VAR` standing alone as a word by the variable's value split at white
/// space, without quote processing. Splitting the same way keeps `sbd` run
/// from the configuration identical to `sbd` run by systemd.
public enum CommandWords {
    public static func split(_ value: String) -> [String] {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).map(String.init)
    }
}
