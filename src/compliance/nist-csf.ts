// NIST CSF 1.1 and 2.0: the subcategories ecsguard's rules use, their official titles, and the
// 1.1 -> 2.0 crosswalk. Generated once from ../shared/reference/nist-csf-reference.yaml; the
// sources below say where each kind of value comes from.

export const CSF_SOURCES = {
  "titles": "intuitem/ciso-assistant-community@f990d7b1 backend/library/libraries/nist-csf-1.1.yaml and nist-csf-2.0.yaml (NIST text)",
  "crosswalk": "NIST CSF 1.1 -> 2.0 mapping (provider NIST; all relationships \"intersect\"), as packaged in https://github.com/intuitem/ciso-assistant-community/blob/f990d7b1b9a9f56e391acbc247c9076262a11412/backend/library/libraries/map-nist-csf-1.1-nist-csf-2.0.yaml (source xlsx tools/excel/nist/mapping-nist-csf-1.1-nist-csf-2.0.xlsx)",
  "csf11_mappings": "https://github.com/turbot/steampipe-mod-aws-compliance/tree/a1d0b446ef9b96ea64980859fc063d70da20778e/nist_csf (function_{id,pr,de,rs,rc}.pp) (third-party Steampipe AWS Compliance mod; AWS's own per-rule NIST CSF table could not be retrieved), minus the runbook's exclusions",
  "csf20_mappings": "NIST CSF 1.1 -> 2.0 crosswalk of the csf11 mapping; where that is empty, Steampipe's direct CSF 2.0 mapping (https://github.com/turbot/steampipe-mod-aws-compliance/tree/a1d0b446ef9b96ea64980859fc063d70da20778e/nist_csf_v2)",
  "aws_pack": "https://github.com/awslabs/aws-config-rules/blob/b54d4a6c99e105c25ca46af9305770e4ba51c422/aws-config-conformance-packs/Operational-Best-Practices-for-NIST-CSF.yaml (130 rules)",
  "extra_titles": "PR.PS-05 and PR.PS-06: NIST CSF 2.0 text (the reference lists them only as Steampipe mappings); PR.DS-2, PR.DS-4 and PR.IR-04 (with their crosswalk entries PR.DS-2 -> PR.DS-02, PR.DS-4 -> PR.IR-04): NIST CSF 1.1 / 2.0 text, for rules the reference has no mapping for"
} as const;

export const CSF11_FUNCTIONS: Record<string, string> = {"ID": "Identify", "PR": "Protect", "DE": "Detect", "RS": "Respond", "RC": "Recover"};
export const CSF20_FUNCTIONS: Record<string, string> = {"GV": "Govern", "ID": "Identify", "PR": "Protect", "DE": "Detect", "RS": "Respond", "RC": "Recover"};

export const CSF11_TITLES: Record<string, string> = {
  "DE.AE-1": "A baseline of network operations and expected data flows for users and systems is established and managed.",
  "DE.AE-3": "Event data are collected and correlated from multiple sources and sensors.",
  "DE.AE-4": "Impact of events is determined.",
  "DE.CM-1": "The network is monitored to detect potential cybersecurity events.",
  "DE.CM-2": "The physical environment is monitored to detect potential cybersecurity events.",
  "DE.CM-3": "Personnel activity is monitored to detect potential cybersecurity events.",
  "DE.CM-5": "Unauthorized mobile code is detected.",
  "DE.CM-6": "External service provider activity is monitored to detect potential cybersecurity events.",
  "DE.CM-7": "Monitoring for unauthorized personnel, connections, devices, and software is performed.",
  "DE.DP-4": "Event detection information is communicated.",
  "ID.AM-3": "Organizational communication and data flows are mapped.",
  "ID.RA-1": "Asset vulnerabilities are identified and documented.",
  "ID.RA-5": "Threats, vulnerabilities, likelihoods, and impacts are used to determine risk.",
  "ID.SC-4": "Suppliers and third-party partners are routinely assessed using audits, test results, or other forms of evaluations to confirm they are meeting their contractual obligations.",
  "PR.AC-1": "Identities and credentials are issued, managed, verified, revoked, and audited for authorized devices, users and processes.",
  "PR.AC-3": "Remote access is managed.",
  "PR.AC-4": "Access permissions and authorizations are managed, incorporating the principles of least privilege and separation of duties.",
  "PR.AC-5": "Network integrity is protected (e.g., network segregation, network segmentation).",
  "PR.AC-6": "Identities are proofed and bound to credentials and asserted in interactions.",
  "PR.DS-1": "Data-at-rest is protected.",
  "PR.DS-2": "Data-in-transit is protected.",
  "PR.DS-4": "Adequate capacity to ensure availability is maintained.",
  "PR.DS-5": "Protections against data leaks are implemented.",
  "PR.DS-6": "Integrity checking mechanisms are used to verify software, firmware, and information integrity.",
  "PR.IP-1": "A baseline configuration of information technology/industrial control systems is created and maintained incorporating security principles (e.g. concept of least functionality).",
  "PR.IP-8": "Effectiveness of protection technologies is shared.",
  "PR.MA-2": "Remote maintenance of organizational assets is approved, logged, and performed in a manner that prevents unauthorized access.",
  "PR.PT-1": "Audit/log records are determined, documented, implemented, and reviewed in accordance with policy.",
  "PR.PT-3": "The principle of least functionality is incorporated by configuring systems to provide only essential capabilities.",
  "PR.PT-4": "Communications and control networks are protected."
};

export const CSF20_TITLES: Record<string, string> = {
  "DE.AE-03": "Information is correlated from multiple sources",
  "DE.AE-04": "The estimated impact and scope of adverse events are understood",
  "DE.AE-06": "Information on adverse events is provided to authorized staff and tools",
  "DE.AE-07": "Cyber threat intelligence and other contextual information are integrated into the analysis",
  "DE.CM-01": "Networks and network services are monitored to find potentially adverse events",
  "DE.CM-02": "The physical environment is monitored to find potentially adverse events",
  "DE.CM-03": "Personnel activity and technology usage are monitored to find potentially adverse events",
  "DE.CM-06": "External service provider activities and services are monitored to find potentially adverse events",
  "DE.CM-09": "Computing hardware and software, runtime environments, and their data are monitored to find potentially adverse events",
  "GV.SC-07": "The risks posed by a supplier, their products and services, and other third parties are understood, recorded, prioritized, assessed, responded to, and monitored over the course of the relationship",
  "ID.AM-03": "Representations of the organization's authorized network communication and internal and external network data flows are maintained",
  "ID.AM-08": "Systems, hardware, software, services, and data are managed throughout their life cycles",
  "ID.IM-03": "Improvements are identified from execution of operational processes, procedures, and activities",
  "ID.RA-01": "Vulnerabilities in assets are identified, validated, and recorded",
  "ID.RA-05": "Threats, vulnerabilities, likelihoods, and impacts are used to understand inherent risk and inform risk response prioritization",
  "ID.RA-10": "Critical suppliers are assessed prior to acquisition",
  "PR.AA-01": "Identities and credentials for authorized users, services, and hardware are managed by the organization",
  "PR.AA-02": "Identities are proofed and bound to credentials based on the context of interactions",
  "PR.AA-03": "Users, services, and hardware are authenticated",
  "PR.AA-05": "Access permissions, entitlements, and authorizations are defined in a policy, managed, enforced, and reviewed, and incorporate the principles of least privilege and separation of duties",
  "PR.AA-06": "Physical access to assets is managed, monitored, and enforced commensurate with risk",
  "PR.DS-01": "The confidentiality, integrity, and availability of data-at-rest are protected",
  "PR.DS-02": "The confidentiality, integrity, and availability of data-in-transit are protected",
  "PR.DS-10": "The confidentiality, integrity, and availability of data-in-use are protected",
  "PR.IR-01": "Networks and environments are protected from unauthorized logical access and usage",
  "PR.IR-04": "Adequate resource capacity to ensure availability is maintained",
  "PR.PS-01": "Configuration management practices are established and applied",
  "PR.PS-02": "Software is maintained, replaced, and removed commensurate with risk",
  "PR.PS-04": "Log records are generated and made available for continuous monitoring",
  "PR.PS-05": "Installation and execution of unauthorized software are prevented",
  "PR.PS-06": "Secure software development practices are integrated, and their performance is monitored throughout the software development life cycle"
};

export const CROSSWALK_11_TO_20: Record<string, readonly string[]> = {
  "DE.AE-1": [
    "ID.AM-03"
  ],
  "DE.AE-3": [
    "DE.AE-03",
    "DE.AE-07"
  ],
  "DE.AE-4": [
    "DE.AE-04"
  ],
  "DE.CM-1": [
    "DE.CM-01"
  ],
  "DE.CM-2": [
    "DE.CM-02"
  ],
  "DE.CM-3": [
    "DE.CM-03"
  ],
  "DE.CM-5": [
    "DE.CM-01",
    "DE.CM-09"
  ],
  "DE.CM-6": [
    "DE.CM-06"
  ],
  "DE.CM-7": [
    "DE.CM-01",
    "DE.CM-03",
    "DE.CM-06",
    "DE.CM-09"
  ],
  "DE.DP-4": [
    "DE.AE-06"
  ],
  "ID.AM-3": [
    "ID.AM-03"
  ],
  "ID.RA-1": [
    "ID.RA-01"
  ],
  "ID.RA-5": [
    "ID.RA-05"
  ],
  "ID.SC-4": [
    "GV.SC-07",
    "ID.RA-10"
  ],
  "PR.AC-1": [
    "PR.AA-01",
    "PR.AA-05"
  ],
  "PR.AC-3": [
    "PR.AA-03",
    "PR.AA-05",
    "PR.IR-01"
  ],
  "PR.AC-4": [
    "PR.AA-05"
  ],
  "PR.AC-5": [
    "PR.IR-01"
  ],
  "PR.AC-6": [
    "PR.AA-02"
  ],
  "PR.DS-1": [
    "PR.DS-01"
  ],
  "PR.DS-2": [
    "PR.DS-02"
  ],
  "PR.DS-4": [
    "PR.IR-04"
  ],
  "PR.DS-5": [
    "PR.DS-01",
    "PR.DS-02",
    "PR.DS-10"
  ],
  "PR.DS-6": [
    "PR.DS-01",
    "DE.CM-09"
  ],
  "PR.IP-1": [
    "PR.PS-01"
  ],
  "PR.IP-8": [
    "ID.IM-03"
  ],
  "PR.MA-2": [
    "ID.AM-08",
    "PR.PS-02"
  ],
  "PR.PT-1": [
    "PR.PS-04"
  ],
  "PR.PT-3": [
    "PR.PS-01"
  ],
  "PR.PT-4": [
    "PR.AA-06",
    "PR.IR-01"
  ]
};
