// Bandit test id → CWE and a readable name. Bandit 1.7.3+ reports `issue_cwe` itself and that value wins;
// Bandit 1.6.2 (Debian bookworm) reports none, so this table is the source there.
// Facts from ../shared/scanner_facts.md, Table A (the CWE newer Bandit assigns; 1.6.2-only ids mapped as Bandit did
// before removing them; B322 never had one upstream, 95 is the fitting weakness for Python 2 `input()` eval).

export interface BanditRuleInfo {
  readonly cwe: number;
  readonly name: string;
}

export const banditRules: Readonly<Record<string, BanditRuleInfo>> = {
  B101: { cwe: 703, name: 'assert_used' },
  B102: { cwe: 78, name: 'exec_used' },
  B103: { cwe: 732, name: 'set_bad_file_permissions' },
  B104: { cwe: 605, name: 'hardcoded_bind_all_interfaces' },
  B105: { cwe: 259, name: 'hardcoded_password_string' },
  B106: { cwe: 259, name: 'hardcoded_password_funcarg' },
  B107: { cwe: 259, name: 'hardcoded_password_default' },
  B108: { cwe: 377, name: 'hardcoded_tmp_directory' },
  B110: { cwe: 703, name: 'try_except_pass' },
  B112: { cwe: 703, name: 'try_except_continue' },
  B113: { cwe: 400, name: 'request_without_timeout' },
  B201: { cwe: 94, name: 'flask_debug_true' },
  B202: { cwe: 22, name: 'tarfile_unsafe_members' },
  B301: { cwe: 502, name: 'pickle' },
  B302: { cwe: 502, name: 'marshal' },
  B303: { cwe: 327, name: 'md5' },
  B304: { cwe: 327, name: 'ciphers' },
  B305: { cwe: 327, name: 'cipher_modes' },
  B306: { cwe: 377, name: 'mktemp_q' },
  B307: { cwe: 78, name: 'eval' },
  B308: { cwe: 79, name: 'mark_safe' },
  B309: { cwe: 319, name: 'httpsconnection' },
  B310: { cwe: 22, name: 'urllib_urlopen' },
  B311: { cwe: 330, name: 'random' },
  B312: { cwe: 319, name: 'telnetlib' },
  B313: { cwe: 20, name: 'xml_bad_cElementTree' },
  B314: { cwe: 20, name: 'xml_bad_ElementTree' },
  B315: { cwe: 20, name: 'xml_bad_expatreader' },
  B316: { cwe: 20, name: 'xml_bad_expatbuilder' },
  B317: { cwe: 20, name: 'xml_bad_sax' },
  B318: { cwe: 20, name: 'xml_bad_minidom' },
  B319: { cwe: 20, name: 'xml_bad_pulldom' },
  B320: { cwe: 20, name: 'xml_bad_etree' },
  B321: { cwe: 319, name: 'ftplib' },
  B322: { cwe: 95, name: 'input' },
  B323: { cwe: 295, name: 'unverified_context' },
  B324: { cwe: 327, name: 'hashlib_new_insecure_functions' },
  B325: { cwe: 377, name: 'tempnam' },
  B401: { cwe: 319, name: 'import_telnetlib' },
  B402: { cwe: 319, name: 'import_ftplib' },
  B403: { cwe: 502, name: 'import_pickle' },
  B404: { cwe: 78, name: 'import_subprocess' },
  B405: { cwe: 20, name: 'import_xml_etree' },
  B406: { cwe: 20, name: 'import_xml_sax' },
  B407: { cwe: 20, name: 'import_xml_expat' },
  B408: { cwe: 20, name: 'import_xml_minidom' },
  B409: { cwe: 20, name: 'import_xml_pulldom' },
  B410: { cwe: 20, name: 'import_lxml' },
  B411: { cwe: 20, name: 'import_xmlrpclib' },
  B412: { cwe: 284, name: 'import_httpoxy' },
  B413: { cwe: 327, name: 'import_pycrypto' },
  B414: { cwe: 327, name: 'import_pycryptodome' },
  B415: { cwe: 319, name: 'import_pyghmi' },
  B501: { cwe: 295, name: 'request_with_no_cert_validation' },
  B502: { cwe: 327, name: 'ssl_with_bad_version' },
  B503: { cwe: 327, name: 'ssl_with_bad_defaults' },
  B504: { cwe: 327, name: 'ssl_with_no_version' },
  B505: { cwe: 326, name: 'weak_cryptographic_key' },
  B506: { cwe: 20, name: 'yaml_load' },
  B507: { cwe: 295, name: 'ssh_no_host_key_verification' },
  B508: { cwe: 319, name: 'snmp_insecure_version_check' },
  B509: { cwe: 319, name: 'snmp_crypto_check' },
  B601: { cwe: 78, name: 'paramiko_calls' },
  B602: { cwe: 78, name: 'subprocess_popen_with_shell_equals_true' },
  B603: { cwe: 78, name: 'subprocess_without_shell_equals_true' },
  B604: { cwe: 78, name: 'any_other_function_with_shell_equals_true' },
  B605: { cwe: 78, name: 'start_process_with_a_shell' },
  B606: { cwe: 78, name: 'start_process_with_no_shell' },
  B607: { cwe: 78, name: 'start_process_with_partial_path' },
  B608: { cwe: 89, name: 'hardcoded_sql_expressions' },
  B609: { cwe: 155, name: 'linux_commands_wildcard_injection' },
  B610: { cwe: 89, name: 'django_extra_used' },
  B611: { cwe: 89, name: 'django_rawsql_used' },
  B612: { cwe: 94, name: 'logging_config_insecure_listen' },
  B613: { cwe: 838, name: 'trojansource' },
  B614: { cwe: 502, name: 'pytorch_load' },
  B615: { cwe: 494, name: 'huggingface_unsafe_download' },
  B701: { cwe: 94, name: 'jinja2_autoescape_false' },
  B702: { cwe: 80, name: 'use_of_mako_templates' },
  B703: { cwe: 80, name: 'django_mark_safe' },
  B704: { cwe: 79, name: 'markupsafe_markup_xss' },
};

/** The CWE for a Bandit finding: Bandit's own when it gives one, else the table; null only for an unknown id. */
export function banditCwe(testId: string, reported: number | null | undefined): number | null {
  if (typeof reported === 'number' && reported > 0) return reported;
  return banditRules[testId]?.cwe ?? null;
}

export function banditRuleName(testId: string, testName: string | null | undefined): string {
  const known = banditRules[testId]?.name;
  if (testName && testName !== 'blacklist') return testName;
  return known ?? testName ?? testId;
}
