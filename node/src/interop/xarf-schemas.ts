/**
 * The X-ARF v4 JSON Schemas (draft 2020-12), imported from the JSON files in xarf-schemas/
 * so that they are stored once: tsc copies imported JSON into dist/, and a bundler
 * inlines it. The schemas are distributed under this licence (xarf-schemas/LICENSE.xarf-spec),
 * repeated here so that every compiled or bundled copy carries it:
 *
 * MIT License
 *
 * Copyright (c) 2025 XARF Project
 *
 * Permission is hereby granted, free of charge, to any person obtaining a copy
 * of this software and associated documentation files (the "Software"), to deal
 * in the Software without restriction, including without limitation the rights
 * to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
 * copies of the Software, and to permit persons to whom the Software is
 * furnished to do so, subject to the following conditions:
 *
 * The above copyright notice and this permission notice shall be included in all
 * copies or substantial portions of the Software.
 *
 * THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
 * IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
 * FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
 * AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
 * LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
 * OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
 * SOFTWARE.
 */

import connectionDdos from './xarf-schemas/types/connection-ddos.json' with { type: 'json' };
import connectionInfectedHost from './xarf-schemas/types/connection-infected-host.json' with { type: 'json' };
import connectionLoginAttack from './xarf-schemas/types/connection-login-attack.json' with { type: 'json' };
import connectionPortScan from './xarf-schemas/types/connection-port-scan.json' with { type: 'json' };
import connectionReconnaissance from './xarf-schemas/types/connection-reconnaissance.json' with { type: 'json' };
import connectionScraping from './xarf-schemas/types/connection-scraping.json' with { type: 'json' };
import connectionSqlInjection from './xarf-schemas/types/connection-sql-injection.json' with { type: 'json' };
import connectionVulnerabilityScan from './xarf-schemas/types/connection-vulnerability-scan.json' with { type: 'json' };
import contentBase from './xarf-schemas/types/content-base.json' with { type: 'json' };
import contentBrandInfringement from './xarf-schemas/types/content-brand_infringement.json' with { type: 'json' };
import contentCsam from './xarf-schemas/types/content-csam.json' with { type: 'json' };
import contentCsem from './xarf-schemas/types/content-csem.json' with { type: 'json' };
import contentExposedData from './xarf-schemas/types/content-exposed-data.json' with { type: 'json' };
import contentFraud from './xarf-schemas/types/content-fraud.json' with { type: 'json' };
import contentMalware from './xarf-schemas/types/content-malware.json' with { type: 'json' };
import contentPhishing from './xarf-schemas/types/content-phishing.json' with { type: 'json' };
import contentRemoteCompromise from './xarf-schemas/types/content-remote_compromise.json' with { type: 'json' };
import contentSuspiciousRegistration from './xarf-schemas/types/content-suspicious_registration.json' with {
  type: 'json',
};
import copyrightCopyright from './xarf-schemas/types/copyright-copyright.json' with { type: 'json' };
import copyrightCyberlocker from './xarf-schemas/types/copyright-cyberlocker.json' with { type: 'json' };
import copyrightLinkSite from './xarf-schemas/types/copyright-link-site.json' with { type: 'json' };
import copyrightP2p from './xarf-schemas/types/copyright-p2p.json' with { type: 'json' };
import copyrightUgcPlatform from './xarf-schemas/types/copyright-ugc-platform.json' with { type: 'json' };
import copyrightUsenet from './xarf-schemas/types/copyright-usenet.json' with { type: 'json' };
import infrastructureBotnet from './xarf-schemas/types/infrastructure-botnet.json' with { type: 'json' };
import infrastructureCompromisedServer from './xarf-schemas/types/infrastructure-compromised-server.json' with {
  type: 'json',
};
import messagingBulkMessaging from './xarf-schemas/types/messaging-bulk-messaging.json' with { type: 'json' };
import messagingSpam from './xarf-schemas/types/messaging-spam.json' with { type: 'json' };
import reputationBlocklist from './xarf-schemas/types/reputation-blocklist.json' with { type: 'json' };
import reputationThreatIntelligence from './xarf-schemas/types/reputation-threat-intelligence.json' with {
  type: 'json',
};
import vulnerabilityCve from './xarf-schemas/types/vulnerability-cve.json' with { type: 'json' };
import vulnerabilityMisconfiguration from './xarf-schemas/types/vulnerability-misconfiguration.json' with {
  type: 'json',
};
import vulnerabilityOpenService from './xarf-schemas/types/vulnerability-open-service.json' with { type: 'json' };
import xarfCore from './xarf-schemas/xarf-core.json' with { type: 'json' };
import xarfV4Master from './xarf-schemas/xarf-v4-master.json' with { type: 'json' };

/** The schemas keyed by path relative to xarf-schemas/. */
export const XARF_SCHEMA_FILES: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  'xarf-core.json': xarfCore,
  'xarf-v4-master.json': xarfV4Master,
  'types/connection-ddos.json': connectionDdos,
  'types/connection-infected-host.json': connectionInfectedHost,
  'types/connection-login-attack.json': connectionLoginAttack,
  'types/connection-port-scan.json': connectionPortScan,
  'types/connection-reconnaissance.json': connectionReconnaissance,
  'types/connection-scraping.json': connectionScraping,
  'types/connection-sql-injection.json': connectionSqlInjection,
  'types/connection-vulnerability-scan.json': connectionVulnerabilityScan,
  'types/content-base.json': contentBase,
  'types/content-brand_infringement.json': contentBrandInfringement,
  'types/content-csam.json': contentCsam,
  'types/content-csem.json': contentCsem,
  'types/content-exposed-data.json': contentExposedData,
  'types/content-fraud.json': contentFraud,
  'types/content-malware.json': contentMalware,
  'types/content-phishing.json': contentPhishing,
  'types/content-remote_compromise.json': contentRemoteCompromise,
  'types/content-suspicious_registration.json': contentSuspiciousRegistration,
  'types/copyright-copyright.json': copyrightCopyright,
  'types/copyright-cyberlocker.json': copyrightCyberlocker,
  'types/copyright-link-site.json': copyrightLinkSite,
  'types/copyright-p2p.json': copyrightP2p,
  'types/copyright-ugc-platform.json': copyrightUgcPlatform,
  'types/copyright-usenet.json': copyrightUsenet,
  'types/infrastructure-botnet.json': infrastructureBotnet,
  'types/infrastructure-compromised-server.json': infrastructureCompromisedServer,
  'types/messaging-bulk-messaging.json': messagingBulkMessaging,
  'types/messaging-spam.json': messagingSpam,
  'types/reputation-blocklist.json': reputationBlocklist,
  'types/reputation-threat-intelligence.json': reputationThreatIntelligence,
  'types/vulnerability-cve.json': vulnerabilityCve,
  'types/vulnerability-misconfiguration.json': vulnerabilityMisconfiguration,
  'types/vulnerability-open-service.json': vulnerabilityOpenService,
};
