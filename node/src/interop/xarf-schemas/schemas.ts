// Generated from the X-ARF v4 JSON Schema files in this folder by
// node/test/interop/tools/generate-xarf-schemas.ts. Do not edit: change the JSON files
// and regenerate. The schemas are distributed under this licence (LICENSE.xarf-spec):
//
// MIT License
//
// Copyright (c) 2025 XARF Project
//
// Permission is hereby granted, free of charge, to any person obtaining a copy
// of this software and associated documentation files (the "Software"), to deal
// in the Software without restriction, including without limitation the rights
// to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
// copies of the Software, and to permit persons to whom the Software is
// furnished to do so, subject to the following conditions:
//
// The above copyright notice and this permission notice shall be included in all
// copies or substantial portions of the Software.
//
// THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
// IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
// FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
// AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
// LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
// OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
// SOFTWARE.

/** The X-ARF v4 JSON Schemas (draft 2020-12), keyed by path relative to this folder. */
export const XARF_SCHEMA_FILES: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  "types/connection-ddos.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://xarf.org/schemas/v4/types/connection-ddos.json",
    "title": "XARF v4 Connection - DDoS Type Schema",
    "description": "Schema for Distributed Denial of Service attack reports including volumetric attacks (SYN floods, UDP floods, HTTP floods) and amplification/reflection attacks (DNS, NTP, memcached, SSDP)",
    "allOf": [
      {
        "$ref": "../xarf-core.json"
      },
      {
        "type": "object",
        "properties": {
          "category": {
            "const": "connection"
          },
          "type": {
            "const": "ddos"
          },
          "evidence_source": {
            "type": "string",
            "enum": [
              "firewall_logs",
              "ids_detection",
              "flow_analysis",
              "traffic_monitoring",
              "honeypot"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Source of DDoS attack evidence"
          },
          "destination_ip": {
            "type": "string",
            "anyOf": [
              {
                "format": "ipv4"
              },
              {
                "format": "ipv6"
              }
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Target IP address of the DDoS attack"
          },
          "destination_port": {
            "type": "integer",
            "minimum": 1,
            "maximum": 65535,
            "x-recommended": true,
            "description": "RECOMMENDED: Target port number",
            "examples": [
              80,
              443,
              53,
              25
            ]
          },
          "protocol": {
            "type": "string",
            "enum": [
              "tcp",
              "udp",
              "icmp",
              "sctp"
            ],
            "description": "REQUIRED: Network protocol used in the attack"
          },
          "attack_vector": {
            "type": "string",
            "x-recommended": true,
            "description": "RECOMMENDED: Specific DDoS attack method",
            "examples": [
              "syn_flood",
              "udp_flood",
              "icmp_flood",
              "http_flood",
              "dns_amplification",
              "ntp_amplification",
              "memcached_amplification"
            ]
          },
          "peak_pps": {
            "type": "integer",
            "minimum": 1,
            "x-recommended": true,
            "description": "RECOMMENDED: Peak packets per second during attack"
          },
          "peak_bps": {
            "type": "integer",
            "minimum": 1,
            "x-recommended": true,
            "description": "RECOMMENDED: Peak bits per second during attack"
          },
          "duration_seconds": {
            "type": "integer",
            "minimum": 1,
            "description": "OPTIONAL: Duration of the DDoS attack in seconds"
          },
          "amplification_factor": {
            "type": "number",
            "minimum": 1,
            "description": "OPTIONAL: Amplification factor for reflection attacks"
          },
          "first_seen": {
            "type": "string",
            "format": "date-time",
            "description": "REQUIRED: When DDoS attack was first observed"
          },
          "last_seen": {
            "type": "string",
            "format": "date-time",
            "description": "OPTIONAL: When DDoS attack was last observed"
          },
          "threshold_exceeded": {
            "type": "string",
            "format": "date-time",
            "description": "OPTIONAL: When detection threshold was exceeded"
          },
          "mitigation_applied": {
            "type": "boolean",
            "description": "OPTIONAL: Whether mitigation measures were applied"
          },
          "service_impact": {
            "type": "string",
            "enum": [
              "none",
              "degraded",
              "unavailable"
            ],
            "description": "OPTIONAL: Impact on target service availability"
          }
        },
        "required": [
          "protocol",
          "first_seen"
        ],
        "if": {
          "properties": {
            "source_identifier": {
              "anyOf": [
                {
                  "format": "ipv4"
                },
                {
                  "format": "ipv6"
                }
              ]
            }
          }
        },
        "then": {
          "required": [
            "source_port"
          ]
        }
      }
    ],
    "examples": [
      {
        "xarf_version": "4.2.0",
        "report_id": "789a0123-b456-78c9-d012-345678901234",
        "timestamp": "2024-01-15T16:55:42Z",
        "reporter": {
          "org": "DDoS Protection Service",
          "contact": "ddos@ddos-monitor.example",
          "domain": "ddos-monitor.example"
        },
        "sender": {
          "org": "DDoS Protection Service",
          "contact": "ddos@ddos-monitor.example",
          "domain": "ddos-monitor.example"
        },
        "source_identifier": "192.0.2.155",
        "category": "connection",
        "type": "ddos",
        "destination_ip": "203.0.113.100",
        "destination_port": 80,
        "protocol": "tcp",
        "attack_vector": "syn_flood",
        "peak_pps": 250000,
        "peak_bps": 1200000000,
        "duration_seconds": 2700,
        "evidence_source": "flow_analysis",
        "service_impact": "degraded",
        "tags": [
          "attack:syn_flood",
          "volume:high"
        ]
      }
    ]
  },
  "types/connection-infected-host.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://xarf.org/schemas/v4/types/connection-infected-host.json",
    "title": "XARF v4 Connection - Infected Host Type Schema",
    "description": "Schema for compromised systems participating in botnets or being remotely controlled for malicious activities (DDoS, spam distribution, click fraud, cryptocurrency mining, credential stuffing)",
    "allOf": [
      {
        "$ref": "../xarf-core.json"
      },
      {
        "type": "object",
        "properties": {
          "category": {
            "const": "connection"
          },
          "type": {
            "const": "infected_host"
          },
          "destination_ip": {
            "type": "string",
            "anyOf": [
              {
                "format": "ipv4"
              },
              {
                "format": "ipv6"
              }
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Target IP address"
          },
          "destination_port": {
            "type": "integer",
            "minimum": 1,
            "maximum": 65535,
            "x-recommended": true,
            "description": "RECOMMENDED: Target port number"
          },
          "protocol": {
            "type": "string",
            "enum": [
              "tcp",
              "udp"
            ],
            "default": "tcp",
            "description": "REQUIRED: Network protocol used"
          },
          "bot_type": {
            "type": "string",
            "enum": [
              "search_engine",
              "ai_agent",
              "monitoring",
              "seo_analyzer",
              "link_checker",
              "feed_reader",
              "social_media",
              "advertising",
              "malicious",
              "unknown"
            ],
            "description": "REQUIRED: Classification of bot type"
          },
          "bot_name": {
            "type": "string",
            "x-recommended": true,
            "description": "RECOMMENDED: Identified bot name or signature",
            "examples": [
              "Googlebot",
              "GPTBot",
              "ChatGPT-User",
              "Claude-Web",
              "FacebookBot",
              "TwitterBot",
              "UptimeRobot",
              "PingdomBot"
            ]
          },
          "user_agent": {
            "type": "string",
            "x-recommended": true,
            "description": "RECOMMENDED: Full User-Agent string"
          },
          "behavior_pattern": {
            "type": "string",
            "enum": [
              "legitimate_crawling",
              "aggressive_crawling",
              "api_abuse",
              "form_submission",
              "comment_spam",
              "account_creation",
              "content_harvesting",
              "vulnerability_probing",
              "mixed"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Observed behavior pattern"
          },
          "request_rate": {
            "type": "number",
            "description": "OPTIONAL: Average requests per second"
          },
          "total_requests": {
            "type": "integer",
            "minimum": 1,
            "description": "OPTIONAL: Total number of requests"
          },
          "respects_robots_txt": {
            "type": "boolean",
            "description": "OPTIONAL: Whether bot respects robots.txt directives"
          },
          "follows_crawl_delay": {
            "type": "boolean",
            "description": "OPTIONAL: Whether bot follows crawl-delay directive"
          },
          "javascript_execution": {
            "type": "boolean",
            "description": "OPTIONAL: Whether bot executes JavaScript"
          },
          "accepts_cookies": {
            "type": "boolean",
            "description": "OPTIONAL: Whether bot accepts and maintains cookies"
          },
          "api_endpoints_accessed": {
            "type": "array",
            "items": {
              "type": "string"
            },
            "description": "OPTIONAL: List of API endpoints accessed"
          },
          "verification_status": {
            "type": "string",
            "enum": [
              "verified",
              "unverified",
              "spoofed",
              "unknown"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Whether bot identity has been verified"
          },
          "first_seen": {
            "type": "string",
            "format": "date-time",
            "description": "REQUIRED: When bot activity was first observed"
          },
          "last_seen": {
            "type": "string",
            "format": "date-time",
            "description": "OPTIONAL: When bot activity was last observed"
          }
        },
        "required": [
          "protocol",
          "bot_type",
          "first_seen"
        ]
      }
    ],
    "examples": [
      {
        "xarf_version": "4.2.0",
        "report_id": "d5e6f7a8-b9c0-1234-defa-123456789012",
        "timestamp": "2025-01-15T11:30:00Z",
        "reporter": {
          "org": "Bot Detection Service",
          "contact": "botreport@example.com",
          "domain": "example.com"
        },
        "sender": {
          "org": "Bot Detection Service",
          "contact": "botreport@example.com",
          "domain": "example.com"
        },
        "source_identifier": "203.0.113.42",
        "category": "connection",
        "type": "infected_host",
        "destination_ip": "198.51.100.80",
        "destination_port": 443,
        "protocol": "tcp",
        "bot_type": "ai_agent",
        "bot_name": "GPTBot",
        "user_agent": "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.0)",
        "behavior_pattern": "legitimate_crawling",
        "request_rate": 2.5,
        "total_requests": 150,
        "respects_robots_txt": true,
        "follows_crawl_delay": true,
        "verification_status": "verified",
        "first_seen": "2025-01-15T11:00:00Z",
        "last_seen": "2025-01-15T11:28:00Z"
      }
    ]
  },
  "types/connection-login-attack.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://xarf.org/schemas/v4/types/connection-login-attack.json",
    "title": "XARF v4 Connection - Login Attack Type Schema",
    "description": "Schema for brute force login attempts, credential stuffing campaigns, password spraying attacks, and repeated authentication failures against authentication systems (SSH, RDP, web logins, API authentication)",
    "allOf": [
      {
        "$ref": "../xarf-core.json"
      },
      {
        "type": "object",
        "properties": {
          "category": {
            "const": "connection"
          },
          "type": {
            "const": "login_attack"
          },
          "destination_ip": {
            "type": "string",
            "anyOf": [
              {
                "format": "ipv4"
              },
              {
                "format": "ipv6"
              }
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Target IP address of the login attack"
          },
          "destination_port": {
            "type": "integer",
            "minimum": 1,
            "maximum": 65535,
            "x-recommended": true,
            "description": "RECOMMENDED: Target port number"
          },
          "protocol": {
            "type": "string",
            "enum": [
              "tcp",
              "udp",
              "icmp",
              "sctp"
            ],
            "description": "REQUIRED: Network protocol used in the attack"
          },
          "first_seen": {
            "type": "string",
            "format": "date-time",
            "description": "REQUIRED: When attack activity was first observed"
          },
          "last_seen": {
            "type": "string",
            "format": "date-time",
            "description": "OPTIONAL: When attack activity was last observed"
          }
        },
        "required": [
          "protocol",
          "first_seen"
        ],
        "if": {
          "properties": {
            "source_identifier": {
              "anyOf": [
                {
                  "format": "ipv4"
                },
                {
                  "format": "ipv6"
                }
              ]
            }
          }
        },
        "then": {
          "required": [
            "source_port"
          ]
        }
      }
    ]
  },
  "types/connection-port-scan.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://xarf.org/schemas/v4/types/connection-port-scan.json",
    "title": "XARF v4 Connection - Port Scan Type Schema",
    "description": "Schema for Network port scanning and reconnaissance activities",
    "allOf": [
      {
        "$ref": "../xarf-core.json"
      },
      {
        "type": "object",
        "properties": {
          "category": {
            "const": "connection"
          },
          "type": {
            "const": "port_scan"
          },
          "destination_ip": {
            "type": "string",
            "anyOf": [
              {
                "format": "ipv4"
              },
              {
                "format": "ipv6"
              }
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Target IP address of the port scan"
          },
          "destination_port": {
            "type": "integer",
            "minimum": 1,
            "maximum": 65535,
            "x-recommended": true,
            "description": "RECOMMENDED: Target port number"
          },
          "protocol": {
            "type": "string",
            "enum": [
              "tcp",
              "udp",
              "icmp",
              "sctp"
            ],
            "description": "REQUIRED: Network protocol used in the attack"
          },
          "first_seen": {
            "type": "string",
            "format": "date-time",
            "description": "REQUIRED: When attack activity was first observed"
          },
          "last_seen": {
            "type": "string",
            "format": "date-time",
            "description": "OPTIONAL: When attack activity was last observed"
          }
        },
        "required": [
          "protocol",
          "first_seen"
        ],
        "if": {
          "properties": {
            "source_identifier": {
              "anyOf": [
                {
                  "format": "ipv4"
                },
                {
                  "format": "ipv6"
                }
              ]
            }
          }
        },
        "then": {
          "required": [
            "source_port"
          ]
        }
      }
    ]
  },
  "types/connection-reconnaissance.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://xarf.org/schemas/v4/types/connection-reconnaissance.json",
    "title": "XARF v4 Connection - Reconnaissance Type Schema",
    "description": "Schema for reconnaissance and probing activities (e.g., .env, .git, .htaccess files)",
    "allOf": [
      {
        "$ref": "../xarf-core.json"
      },
      {
        "type": "object",
        "properties": {
          "category": {
            "const": "connection"
          },
          "type": {
            "const": "reconnaissance"
          },
          "destination_ip": {
            "type": "string",
            "anyOf": [
              {
                "format": "ipv4"
              },
              {
                "format": "ipv6"
              }
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Target IP address"
          },
          "destination_port": {
            "type": "integer",
            "minimum": 1,
            "maximum": 65535,
            "x-recommended": true,
            "description": "RECOMMENDED: Target port number"
          },
          "protocol": {
            "type": "string",
            "enum": [
              "tcp",
              "udp"
            ],
            "default": "tcp",
            "description": "REQUIRED: Network protocol used"
          },
          "probed_resources": {
            "type": "array",
            "items": {
              "type": "string"
            },
            "description": "REQUIRED: List of resources that were probed",
            "examples": [
              [
                "/.env",
                "/.git/config",
                "/.htaccess",
                "/wp-config.php.bak",
                "/config.json",
                "/.aws/credentials",
                "/.docker/config.json",
                "/admin/.htpasswd"
              ]
            ]
          },
          "resource_categories": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "environment_files",
                "version_control",
                "configuration_files",
                "backup_files",
                "admin_panels",
                "database_files",
                "log_files",
                "credential_files",
                "api_endpoints",
                "debug_endpoints",
                "other"
              ]
            },
            "x-recommended": true,
            "description": "RECOMMENDED: Categories of resources being probed"
          },
          "http_methods": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "GET",
                "POST",
                "HEAD",
                "OPTIONS",
                "PUT",
                "DELETE",
                "TRACE",
                "CONNECT"
              ]
            },
            "description": "OPTIONAL: HTTP methods used in reconnaissance"
          },
          "response_codes": {
            "type": "array",
            "items": {
              "type": "integer"
            },
            "description": "OPTIONAL: HTTP response codes received"
          },
          "successful_probes": {
            "type": "array",
            "items": {
              "type": "string"
            },
            "x-recommended": true,
            "description": "RECOMMENDED: Resources that returned success responses (200, 301, 302)"
          },
          "user_agent": {
            "type": "string",
            "description": "OPTIONAL: User-Agent string used"
          },
          "first_seen": {
            "type": "string",
            "format": "date-time",
            "description": "REQUIRED: When reconnaissance activity was first observed"
          },
          "last_seen": {
            "type": "string",
            "format": "date-time",
            "description": "OPTIONAL: When reconnaissance activity was last observed"
          },
          "total_probes": {
            "type": "integer",
            "minimum": 1,
            "description": "OPTIONAL: Total number of probe attempts"
          },
          "automated_tool": {
            "type": "boolean",
            "description": "OPTIONAL: Whether activity appears to be from an automated tool"
          }
        },
        "required": [
          "protocol",
          "probed_resources",
          "first_seen"
        ]
      }
    ],
    "examples": [
      {
        "xarf_version": "4.2.0",
        "report_id": "e6f7a8b9-c0d1-2345-efab-234567890123",
        "timestamp": "2025-01-15T16:45:00Z",
        "reporter": {
          "org": "Web Security Service",
          "contact": "security@webhost.example",
          "domain": "webhost.example"
        },
        "sender": {
          "org": "Web Security Service",
          "contact": "security@webhost.example",
          "domain": "webhost.example"
        },
        "source_identifier": "192.0.2.99",
        "category": "connection",
        "type": "reconnaissance",
        "destination_ip": "198.51.100.75",
        "destination_port": 443,
        "protocol": "tcp",
        "probed_resources": [
          "/.env",
          "/.git/config",
          "/.aws/credentials",
          "/wp-config.php.bak",
          "/admin/.htpasswd"
        ],
        "resource_categories": [
          "environment_files",
          "version_control",
          "credential_files",
          "backup_files"
        ],
        "http_methods": [
          "GET",
          "HEAD"
        ],
        "response_codes": [
          404,
          403,
          200
        ],
        "successful_probes": [
          "/.git/config"
        ],
        "automated_tool": true,
        "total_probes": 47,
        "first_seen": "2025-01-15T16:30:00Z",
        "last_seen": "2025-01-15T16:44:00Z"
      }
    ]
  },
  "types/connection-scraping.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://xarf.org/schemas/v4/types/connection-scraping.json",
    "title": "XARF v4 Connection - Scraping Type Schema",
    "description": "Schema for web crawling and scraping activities",
    "allOf": [
      {
        "$ref": "../xarf-core.json"
      },
      {
        "type": "object",
        "properties": {
          "category": {
            "const": "connection"
          },
          "type": {
            "const": "scraping"
          },
          "destination_ip": {
            "type": "string",
            "anyOf": [
              {
                "format": "ipv4"
              },
              {
                "format": "ipv6"
              }
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Target IP address being scraped"
          },
          "destination_port": {
            "type": "integer",
            "minimum": 1,
            "maximum": 65535,
            "x-recommended": true,
            "description": "RECOMMENDED: Target port number (typically 80 or 443)"
          },
          "protocol": {
            "type": "string",
            "enum": [
              "tcp",
              "udp"
            ],
            "default": "tcp",
            "description": "REQUIRED: Network protocol used"
          },
          "scraping_pattern": {
            "type": "string",
            "enum": [
              "sequential",
              "random",
              "targeted",
              "sitemap_following",
              "api_harvesting",
              "deep_crawling",
              "breadth_first",
              "depth_first"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Pattern of scraping behavior observed"
          },
          "target_content": {
            "type": "string",
            "enum": [
              "product_data",
              "pricing_information",
              "user_profiles",
              "contact_information",
              "news_articles",
              "images",
              "documents",
              "api_data",
              "search_results",
              "general_content",
              "other"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Type of content being scraped"
          },
          "user_agent": {
            "type": "string",
            "x-recommended": true,
            "description": "RECOMMENDED: User-Agent string used by the scraper"
          },
          "bot_signature": {
            "type": "string",
            "description": "OPTIONAL: Known bot or scraper signature if identified",
            "examples": [
              "Googlebot",
              "Bingbot",
              "AhrefsBot",
              "SemrushBot",
              "MJ12bot",
              "DotBot",
              "Custom Python Script",
              "Scrapy"
            ]
          },
          "request_rate": {
            "type": "number",
            "description": "OPTIONAL: Average requests per second"
          },
          "total_requests": {
            "type": "integer",
            "minimum": 1,
            "description": "REQUIRED: Total number of requests made"
          },
          "unique_urls": {
            "type": "integer",
            "minimum": 1,
            "description": "OPTIONAL: Number of unique URLs accessed"
          },
          "data_volume": {
            "type": "integer",
            "description": "OPTIONAL: Total bytes of data transferred"
          },
          "respects_robots_txt": {
            "type": "boolean",
            "description": "OPTIONAL: Whether the scraper respects robots.txt"
          },
          "session_duration": {
            "type": "integer",
            "description": "OPTIONAL: Duration of scraping session in seconds"
          },
          "concurrent_connections": {
            "type": "integer",
            "description": "OPTIONAL: Maximum concurrent connections observed"
          },
          "first_seen": {
            "type": "string",
            "format": "date-time",
            "description": "REQUIRED: When scraping activity was first observed"
          },
          "last_seen": {
            "type": "string",
            "format": "date-time",
            "description": "OPTIONAL: When scraping activity was last observed"
          }
        },
        "required": [
          "protocol",
          "first_seen",
          "total_requests"
        ]
      }
    ],
    "examples": [
      {
        "xarf_version": "4.2.0",
        "report_id": "a2b3c4d5-e6f7-8901-abcd-ef1234567890",
        "timestamp": "2025-01-15T14:00:00Z",
        "reporter": {
          "org": "Website Protection Service",
          "contact": "abuse@hosting.example",
          "domain": "hosting.example"
        },
        "sender": {
          "org": "Website Protection Service",
          "contact": "abuse@hosting.example",
          "domain": "hosting.example"
        },
        "source_identifier": "192.0.2.150",
        "category": "connection",
        "type": "scraping",
        "destination_ip": "198.51.100.25",
        "destination_port": 443,
        "protocol": "tcp",
        "scraping_pattern": "deep_crawling",
        "target_content": "product_data",
        "user_agent": "Mozilla/5.0 (compatible; DataBot/1.0)",
        "request_rate": 15.5,
        "total_requests": 45000,
        "unique_urls": 3500,
        "respects_robots_txt": false,
        "concurrent_connections": 25,
        "first_seen": "2025-01-15T10:00:00Z",
        "last_seen": "2025-01-15T13:45:00Z"
      }
    ]
  },
  "types/connection-sql-injection.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://xarf.org/schemas/v4/types/connection-sql-injection.json",
    "title": "XARF v4 Connection - SQL Injection Type Schema",
    "description": "Schema for SQL injection attack attempts",
    "allOf": [
      {
        "$ref": "../xarf-core.json"
      },
      {
        "type": "object",
        "properties": {
          "category": {
            "const": "connection"
          },
          "type": {
            "const": "sql_injection"
          },
          "destination_ip": {
            "type": "string",
            "anyOf": [
              {
                "format": "ipv4"
              },
              {
                "format": "ipv6"
              }
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Target IP address"
          },
          "destination_port": {
            "type": "integer",
            "minimum": 1,
            "maximum": 65535,
            "x-recommended": true,
            "description": "RECOMMENDED: Target port number (typically 80, 443)"
          },
          "protocol": {
            "type": "string",
            "enum": [
              "tcp",
              "udp"
            ],
            "default": "tcp",
            "description": "REQUIRED: Network protocol used"
          },
          "http_method": {
            "type": "string",
            "enum": [
              "GET",
              "POST",
              "PUT",
              "DELETE",
              "PATCH",
              "HEAD",
              "OPTIONS"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: HTTP method used in the attack"
          },
          "target_url": {
            "type": "string",
            "format": "uri",
            "x-recommended": true,
            "description": "RECOMMENDED: Full URL that was targeted"
          },
          "injection_point": {
            "type": "string",
            "enum": [
              "query_parameter",
              "post_body",
              "cookie",
              "header",
              "path",
              "json_parameter"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Where the SQL injection was attempted"
          },
          "payload_sample": {
            "type": "string",
            "description": "OPTIONAL: Sample of the SQL injection payload (sanitized)",
            "maxLength": 1000
          },
          "attack_technique": {
            "type": "string",
            "enum": [
              "union_based",
              "error_based",
              "boolean_blind",
              "time_blind",
              "stacked_queries",
              "out_of_band",
              "second_order",
              "other"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: SQL injection technique used"
          },
          "first_seen": {
            "type": "string",
            "format": "date-time",
            "description": "REQUIRED: When attack activity was first observed"
          },
          "last_seen": {
            "type": "string",
            "format": "date-time",
            "description": "OPTIONAL: When attack activity was last observed"
          },
          "attempts_count": {
            "type": "integer",
            "minimum": 1,
            "description": "OPTIONAL: Number of injection attempts observed"
          }
        },
        "required": [
          "protocol",
          "first_seen"
        ]
      }
    ],
    "examples": [
      {
        "xarf_version": "4.2.0",
        "report_id": "b3c4d5e6-f7a8-9012-bcde-f01234567890",
        "timestamp": "2025-01-15T12:00:00Z",
        "reporter": {
          "org": "Web Application Firewall",
          "contact": "security@example.com",
          "domain": "example.com"
        },
        "sender": {
          "org": "Web Application Firewall",
          "contact": "security@example.com",
          "domain": "example.com"
        },
        "source_identifier": "192.0.2.45",
        "category": "connection",
        "type": "sql_injection",
        "destination_ip": "198.51.100.10",
        "destination_port": 443,
        "protocol": "tcp",
        "http_method": "GET",
        "target_url": "https://example.com/products.php?id=1",
        "injection_point": "query_parameter",
        "attack_technique": "union_based",
        "attempts_count": 15,
        "first_seen": "2025-01-15T11:45:00Z",
        "last_seen": "2025-01-15T12:00:00Z"
      }
    ]
  },
  "types/connection-vulnerability-scan.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://xarf.org/schemas/v4/types/connection-vulnerability-scan.json",
    "title": "XARF v4 Connection - Vulnerability Scan Type Schema",
    "description": "Schema for vulnerability scanning and automated exploit attempt activities (Nmap, Masscan, Nikto, OpenVAS, web vulnerability scanners)",
    "allOf": [
      {
        "$ref": "../xarf-core.json"
      },
      {
        "type": "object",
        "properties": {
          "category": {
            "const": "connection"
          },
          "type": {
            "const": "vulnerability_scan"
          },
          "destination_ip": {
            "type": "string",
            "anyOf": [
              {
                "format": "ipv4"
              },
              {
                "format": "ipv6"
              }
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Target IP address being scanned"
          },
          "scan_type": {
            "type": "string",
            "enum": [
              "port_scan",
              "vulnerability_scan",
              "version_detection",
              "os_fingerprinting",
              "service_enumeration",
              "web_vuln_scan",
              "directory_brute_force",
              "mixed"
            ],
            "description": "REQUIRED: Type of scanning activity"
          },
          "scanner_signature": {
            "type": "string",
            "x-recommended": true,
            "description": "RECOMMENDED: Known scanner tool signature if identified",
            "examples": [
              "Nmap",
              "Masscan",
              "Nikto",
              "OpenVAS",
              "Nessus",
              "Acunetix",
              "Burp Scanner"
            ]
          },
          "targeted_ports": {
            "type": "array",
            "items": {
              "type": "integer",
              "minimum": 1,
              "maximum": 65535
            },
            "x-recommended": true,
            "description": "RECOMMENDED: List of ports that were scanned"
          },
          "targeted_services": {
            "type": "array",
            "items": {
              "type": "string"
            },
            "description": "OPTIONAL: Services that were targeted",
            "examples": [
              [
                "http",
                "https",
                "ssh",
                "ftp",
                "mysql",
                "postgresql",
                "mongodb"
              ]
            ]
          },
          "vulnerabilities_probed": {
            "type": "array",
            "items": {
              "type": "string"
            },
            "description": "OPTIONAL: Specific vulnerabilities or CVEs that were probed"
          },
          "scan_rate": {
            "type": "number",
            "description": "OPTIONAL: Requests per second if measurable"
          },
          "protocol": {
            "type": "string",
            "enum": [
              "tcp",
              "udp",
              "icmp",
              "mixed"
            ],
            "description": "REQUIRED: Network protocol(s) used in scanning"
          },
          "first_seen": {
            "type": "string",
            "format": "date-time",
            "description": "REQUIRED: When scanning activity was first observed"
          },
          "last_seen": {
            "type": "string",
            "format": "date-time",
            "description": "OPTIONAL: When scanning activity was last observed"
          },
          "total_requests": {
            "type": "integer",
            "minimum": 1,
            "description": "OPTIONAL: Total number of scanning requests observed"
          },
          "user_agent": {
            "type": "string",
            "description": "OPTIONAL: User-Agent string if HTTP-based scanning"
          }
        },
        "required": [
          "scan_type",
          "protocol",
          "first_seen"
        ]
      }
    ],
    "examples": [
      {
        "xarf_version": "4.2.0",
        "report_id": "c4d5e6f7-a8b9-0123-cdef-012345678901",
        "timestamp": "2025-01-15T09:30:00Z",
        "reporter": {
          "org": "Network Security Monitor",
          "contact": "noc@example.net",
          "domain": "example.net"
        },
        "sender": {
          "org": "Network Security Monitor",
          "contact": "noc@example.net",
          "domain": "example.net"
        },
        "source_identifier": "203.0.113.77",
        "category": "connection",
        "type": "vulnerability_scan",
        "destination_ip": "198.51.100.50",
        "scan_type": "web_vuln_scan",
        "scanner_signature": "Nikto",
        "targeted_ports": [
          80,
          443,
          8080,
          8443
        ],
        "protocol": "tcp",
        "total_requests": 1250,
        "first_seen": "2025-01-15T09:15:00Z",
        "last_seen": "2025-01-15T09:28:00Z"
      }
    ]
  },
  "types/content-base.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://xarf.org/schemas/v4/types/content-base.json",
    "title": "XARF v4 Content Category - Base Schema",
    "description": "Base schema for all content category abuse types with shared fields",
    "allOf": [
      {
        "$ref": "../xarf-core.json"
      },
      {
        "type": "object",
        "properties": {
          "category": {
            "const": "content"
          },
          "url": {
            "type": "string",
            "format": "uri",
            "description": "REQUIRED: The URL of the abusive content",
            "examples": [
              "https://phishing-site.example.com/login",
              "http://malware-host.example.net/payload.exe"
            ]
          },
          "domain": {
            "type": "string",
            "pattern": "^([a-z0-9]+(-[a-z0-9]+)*\\.)+[a-z]{2,}$",
            "x-recommended": true,
            "description": "RECOMMENDED: Fully qualified domain name of the abusive content",
            "examples": [
              "phishing-site.example.com",
              "malware.example.net"
            ]
          },
          "registrar": {
            "type": "string",
            "description": "OPTIONAL: Domain registrar if known",
            "examples": [
              "GoDaddy",
              "Namecheap",
              "CloudFlare"
            ]
          },
          "nameservers": {
            "type": "array",
            "items": {
              "type": "string"
            },
            "description": "OPTIONAL: DNS nameservers for the domain",
            "examples": [
              [
                "ns1.example.com",
                "ns2.example.com"
              ]
            ]
          },
          "dns_records": {
            "type": "object",
            "properties": {
              "a": {
                "type": "array",
                "items": {
                  "type": "string",
                  "format": "ipv4"
                }
              },
              "aaaa": {
                "type": "array",
                "items": {
                  "type": "string",
                  "format": "ipv6"
                }
              },
              "mx": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              },
              "txt": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              }
            },
            "description": "OPTIONAL: Key DNS evidence records"
          },
          "screenshot_url": {
            "type": "string",
            "format": "uri",
            "description": "OPTIONAL: Reference URL to screenshot evidence"
          },
          "verified_at": {
            "type": "string",
            "format": "date-time",
            "x-recommended": true,
            "description": "RECOMMENDED: When content was last verified as active"
          },
          "verification_method": {
            "type": "string",
            "enum": [
              "manual",
              "automated_crawler",
              "user_report",
              "honeypot",
              "threat_intelligence"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: How the abusive content was verified"
          },
          "attack_vector": {
            "type": "string",
            "enum": [
              "phishing",
              "malware",
              "fraud",
              "brand_infringement",
              "copyright_infringement",
              "data_leak",
              "remote_compromise",
              "suspicious_registration"
            ],
            "description": "OPTIONAL: Primary attack vector classification"
          },
          "target_brand": {
            "type": "string",
            "x-recommended": true,
            "description": "RECOMMENDED: Impersonated brand or entity if applicable",
            "examples": [
              "PayPal",
              "Microsoft",
              "Amazon"
            ]
          },
          "hosting_provider": {
            "type": "string",
            "description": "OPTIONAL: Identified hosting provider",
            "examples": [
              "AWS",
              "CloudFlare",
              "DigitalOcean"
            ]
          },
          "asn": {
            "type": "integer",
            "minimum": 1,
            "maximum": 4294967295,
            "description": "OPTIONAL: Autonomous System Number"
          },
          "country_code": {
            "type": "string",
            "pattern": "^[A-Z]{2}$",
            "description": "OPTIONAL: ISO 3166-1 alpha-2 country code"
          },
          "ssl_certificate": {
            "type": "object",
            "properties": {
              "issuer": {
                "type": "string",
                "description": "OPTIONAL: Certificate issuer"
              },
              "subject": {
                "type": "string",
                "description": "OPTIONAL: Certificate subject"
              },
              "valid_from": {
                "type": "string",
                "format": "date-time"
              },
              "valid_to": {
                "type": "string",
                "format": "date-time"
              },
              "fingerprint": {
                "type": "string",
                "description": "OPTIONAL: SHA256 fingerprint of the certificate"
              }
            },
            "description": "OPTIONAL: SSL certificate details if HTTPS is used"
          },
          "whois": {
            "type": "object",
            "properties": {
              "registrant": {
                "type": "string",
                "description": "OPTIONAL: Domain registrant name or organization"
              },
              "created_date": {
                "type": "string",
                "format": "date-time",
                "description": "OPTIONAL: Domain creation date"
              },
              "updated_date": {
                "type": "string",
                "format": "date-time",
                "description": "OPTIONAL: Domain last updated date"
              },
              "expiry_date": {
                "type": "string",
                "format": "date-time",
                "description": "OPTIONAL: Domain expiration date"
              },
              "registrar_abuse_contact": {
                "type": "string",
                "format": "email",
                "description": "OPTIONAL: Registrar's abuse contact email"
              }
            },
            "description": "OPTIONAL: WHOIS data for the domain"
          },
          "dns_response": {
            "type": "object",
            "properties": {
              "query_time": {
                "type": "string",
                "format": "date-time",
                "description": "OPTIONAL: When the DNS query was made"
              },
              "authoritative": {
                "type": "boolean",
                "description": "OPTIONAL: Whether response was from authoritative nameserver"
              },
              "response_code": {
                "type": "string",
                "enum": [
                  "NOERROR",
                  "NXDOMAIN",
                  "SERVFAIL",
                  "REFUSED"
                ],
                "description": "OPTIONAL: DNS response code"
              }
            },
            "description": "OPTIONAL: DNS query response metadata"
          }
        },
        "required": [
          "url"
        ]
      }
    ]
  },
  "types/content-brand_infringement.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://xarf.org/schemas/v4/types/content-brand_infringement.json",
    "title": "XARF v4 Content - Brand Infringement Type Schema",
    "description": "Schema for brand impersonation and trademark violations",
    "allOf": [
      {
        "$ref": "./content-base.json"
      },
      {
        "type": "object",
        "properties": {
          "type": {
            "const": "brand_infringement"
          },
          "infringement_type": {
            "type": "string",
            "enum": [
              "counterfeit",
              "typosquatting",
              "lookalike",
              "homograph",
              "unauthorized_reseller",
              "trademark_violation",
              "brand_impersonation",
              "logo_misuse",
              "other"
            ],
            "description": "REQUIRED: Specific type of brand infringement"
          },
          "legitimate_site": {
            "type": "string",
            "format": "uri",
            "description": "REQUIRED: URL of the legitimate brand website"
          },
          "similarity_score": {
            "type": "number",
            "minimum": 0,
            "maximum": 1,
            "x-recommended": true,
            "description": "RECOMMENDED: Visual or textual similarity score (0.0 = no similarity, 1.0 = identical)"
          },
          "trademark_details": {
            "type": "object",
            "properties": {
              "registration_number": {
                "type": "string",
                "description": "OPTIONAL: Trademark registration number"
              },
              "jurisdiction": {
                "type": "string",
                "description": "OPTIONAL: Trademark jurisdiction (country/region)"
              },
              "category": {
                "type": "array",
                "items": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 45
                },
                "description": "OPTIONAL: Nice Classification classes"
              }
            },
            "description": "OPTIONAL: Trademark registration details if applicable"
          },
          "infringing_elements": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "logo",
                "brand_name",
                "tagline",
                "color_scheme",
                "layout",
                "product_images",
                "domain_name",
                "other"
              ]
            },
            "x-recommended": true,
            "description": "RECOMMENDED: Specific brand elements being infringed"
          },
          "products_offered": {
            "type": "array",
            "items": {
              "type": "string"
            },
            "description": "OPTIONAL: Products or services offered on the infringing site"
          },
          "previous_enforcement": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "date": {
                  "type": "string",
                  "format": "date",
                  "description": "OPTIONAL: Date of enforcement action"
                },
                "action": {
                  "type": "string",
                  "enum": [
                    "cease_desist",
                    "takedown_notice",
                    "domain_dispute",
                    "legal_action",
                    "other"
                  ],
                  "description": "OPTIONAL: Type of action taken"
                },
                "result": {
                  "type": "string",
                  "description": "OPTIONAL: Result of the action"
                }
              }
            },
            "description": "OPTIONAL: Previous enforcement actions taken"
          }
        },
        "required": [
          "infringement_type",
          "legitimate_site"
        ]
      }
    ],
    "examples": [
      {
        "xarf_version": "4.2.0",
        "report_id": "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
        "timestamp": "2025-01-15T14:45:00Z",
        "reporter": {
          "org": "Brand Protection Services",
          "contact": "enforcement@brandprotect.example",
          "domain": "brandprotect.example"
        },
        "sender": {
          "org": "Brand Protection Services",
          "contact": "enforcement@brandprotect.example",
          "domain": "brandprotect.example"
        },
        "source_identifier": "203.0.113.77",
        "category": "content",
        "type": "brand_infringement",
        "url": "https://sh0p-deals.example.com",
        "infringement_type": "typosquatting",
        "legitimate_site": "https://www.shop.example",
        "similarity_score": 0.87,
        "infringing_elements": [
          "logo",
          "brand_name",
          "color_scheme"
        ],
        "target_brand": "Major Retailer",
        "evidence": [
          {
            "content_type": "image/png",
            "description": "Screenshot showing brand impersonation",
            "payload": "base64_encoded_screenshot"
          }
        ]
      }
    ]
  },
  "types/content-csam.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://xarf.org/schemas/v4/types/content-csam.json",
    "title": "XARF v4 Content - CSAM Type Schema",
    "description": "Schema for Child Sexual Abuse Material (baseline/A1/A2/B1/B2 illegal content)",
    "allOf": [
      {
        "$ref": "./content-base.json"
      },
      {
        "type": "object",
        "properties": {
          "type": {
            "const": "csam"
          },
          "classification": {
            "type": "string",
            "enum": [
              "baseline",
              "A1",
              "A2",
              "B1",
              "B2"
            ],
            "description": "REQUIRED: Legal classification category for the material"
          },
          "media_type": {
            "type": "string",
            "enum": [
              "image",
              "video",
              "audio",
              "text",
              "mixed"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Type of media containing CSAM"
          },
          "detection_method": {
            "type": "string",
            "enum": [
              "hash_match",
              "ai_detection",
              "manual_review",
              "user_report",
              "automated_scan"
            ],
            "description": "REQUIRED: Method used to detect the CSAM"
          },
          "hash_values": {
            "type": "object",
            "properties": {
              "md5": {
                "type": "string",
                "pattern": "^[a-fA-F0-9]{32}$",
                "description": "OPTIONAL: MD5 hash"
              },
              "sha1": {
                "type": "string",
                "pattern": "^[a-fA-F0-9]{40}$",
                "description": "OPTIONAL: SHA1 hash"
              },
              "sha256": {
                "type": "string",
                "pattern": "^[a-fA-F0-9]{64}$",
                "description": "RECOMMENDED: SHA256 hash"
              },
              "photodna": {
                "type": "string",
                "description": "RECOMMENDED: PhotoDNA hash for image matching"
              }
            },
            "x-recommended": true,
            "description": "RECOMMENDED: Hash values of the illegal content"
          },
          "ncmec_report_id": {
            "type": "string",
            "x-recommended": true,
            "description": "RECOMMENDED: NCMEC CyberTipline report ID if applicable"
          },
          "content_removed": {
            "type": "boolean",
            "x-recommended": true,
            "description": "RECOMMENDED: Whether the content has been removed"
          },
          "account_suspended": {
            "type": "boolean",
            "description": "OPTIONAL: Whether associated accounts were suspended"
          }
        },
        "required": [
          "classification",
          "detection_method"
        ]
      }
    ],
    "examples": [
      {
        "xarf_version": "4.2.0",
        "report_id": "f7a8b9c0-d1e2-3456-fabc-def012345678",
        "timestamp": "2025-01-15T10:30:00Z",
        "reporter": {
          "org": "Content Safety Service",
          "contact": "safety@example.org",
          "domain": "example.org"
        },
        "sender": {
          "org": "Content Safety Service",
          "contact": "safety@example.org",
          "domain": "example.org"
        },
        "source_identifier": "198.51.100.42",
        "category": "content",
        "type": "csam",
        "url": "https://example.com/illegal-content",
        "classification": "A1",
        "detection_method": "hash_match",
        "media_type": "image",
        "hash_values": {
          "sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        },
        "ncmec_report_id": "12345678",
        "content_removed": true,
        "account_suspended": true
      }
    ]
  },
  "types/content-csem.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://xarf.org/schemas/v4/types/content-csem.json",
    "title": "XARF v4 Content - CSEM Type Schema",
    "description": "Schema for Child Sexual Exploitation Material (grooming, solicitation, and other exploitation activities)",
    "allOf": [
      {
        "$ref": "./content-base.json"
      },
      {
        "type": "object",
        "properties": {
          "type": {
            "const": "csem"
          },
          "exploitation_type": {
            "type": "string",
            "enum": [
              "grooming",
              "solicitation",
              "sextortion",
              "trafficking",
              "distribution",
              "production",
              "possession"
            ],
            "description": "REQUIRED: Type of exploitation activity"
          },
          "victim_age_range": {
            "type": "string",
            "enum": [
              "infant",
              "toddler",
              "prepubescent",
              "pubescent",
              "unknown"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Estimated age range of victim"
          },
          "platform": {
            "type": "string",
            "enum": [
              "social_media",
              "messaging_app",
              "gaming_platform",
              "forum",
              "email",
              "darkweb",
              "other"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Platform where exploitation occurred"
          },
          "detection_method": {
            "type": "string",
            "enum": [
              "behavioral_analysis",
              "keyword_detection",
              "user_report",
              "ai_detection",
              "manual_review",
              "law_enforcement_referral"
            ],
            "description": "REQUIRED: Method used to detect the exploitation"
          },
          "evidence_type": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "chat_logs",
                "images",
                "videos",
                "user_profile",
                "metadata"
              ]
            },
            "x-recommended": true,
            "description": "RECOMMENDED: Types of evidence collected"
          },
          "perpetrator_indicators": {
            "type": "object",
            "properties": {
              "account_id": {
                "type": "string",
                "description": "OPTIONAL: Account identifier of perpetrator"
              },
              "ip_addresses": {
                "type": "array",
                "items": {
                  "type": "string",
                  "format": "ipv4"
                },
                "description": "OPTIONAL: IP addresses associated with perpetrator"
              },
              "pattern_of_behavior": {
                "type": "string",
                "description": "OPTIONAL: Description of behavioral patterns"
              }
            },
            "description": "OPTIONAL: Indicators associated with the perpetrator"
          },
          "reporting_obligations": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "NCMEC",
                "IWF",
                "local_law_enforcement",
                "europol",
                "interpol",
                "platform_safety_team",
                "other"
              ]
            },
            "x-recommended": true,
            "description": "RECOMMENDED: Entities to which this has been or should be reported"
          }
        },
        "required": [
          "exploitation_type",
          "detection_method"
        ]
      }
    ],
    "examples": [
      {
        "xarf_version": "4.2.0",
        "report_id": "a8b9c0d1-e2f3-4567-abcd-ef0123456789",
        "timestamp": "2025-01-20T14:20:00Z",
        "reporter": {
          "org": "Platform Safety Team",
          "contact": "safety@platform.example",
          "domain": "platform.example"
        },
        "sender": {
          "org": "Platform Safety Team",
          "contact": "safety@platform.example",
          "domain": "platform.example"
        },
        "source_identifier": "203.0.113.55",
        "category": "content",
        "type": "csem",
        "url": "https://platform.example/user/suspicious-account",
        "exploitation_type": "grooming",
        "victim_age_range": "pubescent",
        "detection_method": "behavioral_analysis",
        "platform": "social_media",
        "evidence_type": [
          "chat_logs",
          "user_profile"
        ],
        "reporting_obligations": [
          "NCMEC",
          "local_law_enforcement",
          "platform_safety_team"
        ],
        "perpetrator_indicators": {
          "account_id": "user123456",
          "ip_addresses": [
            "203.0.113.55",
            "203.0.113.56"
          ],
          "pattern_of_behavior": "Repeated contact with minors, requesting private information"
        }
      }
    ]
  },
  "types/content-exposed-data.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://xarf.org/schemas/v4/types/content-exposed-data.json",
    "title": "XARF v4 Content - Exposed Data Type Schema",
    "description": "Schema for exposed sensitive data and information leaks",
    "allOf": [
      {
        "$ref": "./content-base.json"
      },
      {
        "type": "object",
        "properties": {
          "type": {
            "const": "exposed_data"
          },
          "data_types": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "personal_information",
                "credentials",
                "financial",
                "medical",
                "government_id",
                "email_addresses",
                "phone_numbers",
                "api_keys",
                "database_dumps",
                "source_code",
                "internal_documents",
                "customer_data",
                "employee_data",
                "intellectual_property",
                "other"
              ]
            },
            "minItems": 1,
            "description": "REQUIRED: Types of data exposed"
          },
          "exposure_method": {
            "type": "string",
            "enum": [
              "misconfigured_server",
              "open_directory",
              "database_exposure",
              "git_repository",
              "backup_file",
              "log_file",
              "cloud_storage",
              "paste_site",
              "forum_post",
              "ransomware_leak",
              "intentional_leak",
              "other"
            ],
            "description": "REQUIRED: How the data was exposed"
          },
          "record_count": {
            "type": "integer",
            "minimum": 0,
            "x-recommended": true,
            "description": "RECOMMENDED: Number of records exposed (if known)"
          },
          "affected_organization": {
            "type": "string",
            "x-recommended": true,
            "description": "RECOMMENDED: Organization whose data was exposed"
          },
          "data_format": {
            "type": "string",
            "enum": [
              "plaintext",
              "csv",
              "json",
              "xml",
              "sql",
              "excel",
              "pdf",
              "mixed",
              "other"
            ],
            "description": "OPTIONAL: Format of the exposed data"
          },
          "sensitive_fields": {
            "type": "array",
            "items": {
              "type": "string"
            },
            "x-recommended": true,
            "description": "RECOMMENDED: Specific sensitive data fields exposed",
            "examples": [
              [
                "ssn",
                "credit_card",
                "password"
              ],
              [
                "email",
                "phone",
                "address"
              ]
            ]
          },
          "encryption_status": {
            "type": "string",
            "enum": [
              "unencrypted",
              "encrypted",
              "partially_encrypted",
              "hashed",
              "unknown"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Whether the exposed data was encrypted"
          },
          "accessibility": {
            "type": "string",
            "enum": [
              "public",
              "requires_authentication",
              "requires_payment",
              "dark_web",
              "removed"
            ],
            "description": "OPTIONAL: Current accessibility of the exposed data"
          },
          "discovery_source": {
            "type": "string",
            "enum": [
              "security_researcher",
              "automated_scan",
              "breach_monitoring",
              "user_report",
              "law_enforcement",
              "threat_intelligence",
              "other"
            ],
            "description": "OPTIONAL: How the data exposure was discovered"
          },
          "sample_records": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "description": {
                  "type": "string",
                  "description": "OPTIONAL: Description of sample record"
                },
                "redacted_sample": {
                  "type": "string",
                  "description": "OPTIONAL: Redacted sample content"
                }
              }
            },
            "maxItems": 5,
            "description": "OPTIONAL: Redacted samples of exposed records for verification"
          }
        },
        "required": [
          "data_types",
          "exposure_method"
        ]
      }
    ],
    "examples": [
      {
        "xarf_version": "4.2.0",
        "report_id": "f1e2d3c4-b5a6-7890-abcd-ef1234567890",
        "timestamp": "2025-01-15T09:20:00Z",
        "reporter": {
          "org": "Data Breach Monitor",
          "contact": "alerts@breachmonitor.example",
          "domain": "breachmonitor.example"
        },
        "sender": {
          "org": "Data Breach Monitor",
          "contact": "alerts@breachmonitor.example",
          "domain": "breachmonitor.example"
        },
        "source_identifier": "198.51.100.99",
        "category": "content",
        "type": "exposed_data",
        "url": "http://exposed-database.example.com:8080/dump.sql",
        "data_types": [
          "credentials",
          "personal_information",
          "financial"
        ],
        "exposure_method": "misconfigured_server",
        "record_count": 150000,
        "affected_organization": "Example Corp",
        "data_format": "sql",
        "sensitive_fields": [
          "email",
          "password_hash",
          "credit_card"
        ],
        "encryption_status": "hashed",
        "accessibility": "public",
        "evidence": [
          {
            "content_type": "text/plain",
            "description": "Sample of exposed database structure",
            "payload": "base64_encoded_sample"
          }
        ]
      }
    ]
  },
  "types/content-fraud.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://xarf.org/schemas/v4/types/content-fraud.json",
    "title": "XARF v4 Content - Fraud Type Schema",
    "description": "Schema for fraud and scam websites",
    "allOf": [
      {
        "$ref": "./content-base.json"
      },
      {
        "type": "object",
        "properties": {
          "type": {
            "const": "fraud"
          },
          "fraud_type": {
            "type": "string",
            "enum": [
              "investment",
              "romance",
              "tech_support",
              "lottery",
              "advance_fee",
              "cryptocurrency",
              "shopping",
              "charity",
              "employment",
              "government_impersonation",
              "other"
            ],
            "description": "REQUIRED: Specific type of fraud"
          },
          "payment_methods": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "credit_card",
                "bank_transfer",
                "cryptocurrency",
                "gift_cards",
                "wire_transfer",
                "paypal",
                "western_union",
                "moneygram",
                "cashapp",
                "venmo",
                "other"
              ]
            },
            "x-recommended": true,
            "description": "RECOMMENDED: Payment methods requested by fraudsters"
          },
          "cryptocurrency_addresses": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "currency": {
                  "type": "string",
                  "enum": [
                    "bitcoin",
                    "ethereum",
                    "usdt",
                    "bnb",
                    "monero",
                    "other"
                  ],
                  "description": "OPTIONAL: Cryptocurrency type"
                },
                "address": {
                  "type": "string",
                  "description": "OPTIONAL: Cryptocurrency wallet address"
                }
              },
              "required": [
                "currency",
                "address"
              ]
            },
            "description": "OPTIONAL: Cryptocurrency addresses used in the fraud"
          },
          "claimed_entity": {
            "type": "string",
            "x-recommended": true,
            "description": "RECOMMENDED: Organization or person the fraudster claims to represent"
          },
          "loss_amount": {
            "type": "object",
            "properties": {
              "currency": {
                "type": "string",
                "pattern": "^[A-Z]{3}$",
                "description": "OPTIONAL: ISO 4217 currency code"
              },
              "amount": {
                "type": "number",
                "minimum": 0,
                "description": "OPTIONAL: Estimated or actual loss amount"
              }
            },
            "description": "OPTIONAL: Financial loss information if known"
          }
        },
        "required": [
          "fraud_type"
        ]
      }
    ],
    "examples": [
      {
        "xarf_version": "4.2.0",
        "report_id": "550e8400-e29b-41d4-a716-446655440000",
        "timestamp": "2025-01-15T10:30:00Z",
        "reporter": {
          "org": "Anti-Fraud Coalition",
          "contact": "reports@antifraud.example",
          "domain": "antifraud.example"
        },
        "sender": {
          "org": "Anti-Fraud Coalition",
          "contact": "reports@antifraud.example",
          "domain": "antifraud.example"
        },
        "source_identifier": "198.51.100.45",
        "category": "content",
        "type": "fraud",
        "url": "https://get-rich-quick.example.com",
        "fraud_type": "investment",
        "payment_methods": [
          "cryptocurrency",
          "wire_transfer"
        ],
        "cryptocurrency_addresses": [
          {
            "currency": "bitcoin",
            "address": "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"
          }
        ],
        "evidence": [
          {
            "content_type": "image/png",
            "description": "Screenshot of fraudulent investment site",
            "payload": "base64_encoded_screenshot"
          }
        ]
      }
    ]
  },
  "types/content-malware.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://xarf.org/schemas/v4/types/content-malware.json",
    "title": "XARF v4 Content - Malware Type Schema",
    "description": "Schema for malware hosting and distribution",
    "allOf": [
      {
        "$ref": "./content-base.json"
      },
      {
        "type": "object",
        "properties": {
          "type": {
            "const": "malware"
          },
          "malware_family": {
            "type": "string",
            "x-recommended": true,
            "description": "RECOMMENDED: Known malware family name",
            "examples": [
              "Emotet",
              "TrickBot",
              "Qakbot",
              "Cobalt Strike"
            ]
          },
          "malware_type": {
            "type": "string",
            "enum": [
              "trojan",
              "ransomware",
              "dropper",
              "loader",
              "backdoor",
              "rootkit",
              "infostealer",
              "banking_trojan",
              "cryptominer",
              "adware",
              "spyware",
              "worm",
              "bot",
              "rat",
              "other"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Classification of the malware"
          },
          "file_hashes": {
            "type": "object",
            "properties": {
              "md5": {
                "type": "string",
                "pattern": "^[a-fA-F0-9]{32}$",
                "description": "OPTIONAL: MD5 hash of malware file"
              },
              "sha1": {
                "type": "string",
                "pattern": "^[a-fA-F0-9]{40}$",
                "description": "OPTIONAL: SHA1 hash of malware file"
              },
              "sha256": {
                "type": "string",
                "pattern": "^[a-fA-F0-9]{64}$",
                "description": "RECOMMENDED: SHA256 hash of malware file"
              },
              "ssdeep": {
                "type": "string",
                "description": "OPTIONAL: SSDeep fuzzy hash"
              }
            },
            "x-recommended": true,
            "description": "RECOMMENDED: Hash values of the malware file"
          },
          "file_metadata": {
            "type": "object",
            "properties": {
              "filename": {
                "type": "string",
                "description": "OPTIONAL: Original filename"
              },
              "file_size": {
                "type": "integer",
                "minimum": 0,
                "description": "OPTIONAL: File size in bytes"
              },
              "file_type": {
                "type": "string",
                "description": "OPTIONAL: File type description",
                "examples": [
                  "PE32 executable",
                  "PDF document",
                  "Microsoft Word document",
                  "ZIP archive"
                ]
              },
              "mime_type": {
                "type": "string",
                "description": "OPTIONAL: MIME type"
              }
            },
            "description": "OPTIONAL: Metadata about the malware file"
          },
          "distribution_method": {
            "type": "string",
            "enum": [
              "direct_download",
              "drive_by_download",
              "email_attachment",
              "malvertising",
              "exploit_kit",
              "watering_hole",
              "supply_chain",
              "social_engineering",
              "other"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: How the malware is being distributed"
          },
          "c2_servers": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "address": {
                  "type": "string",
                  "description": "OPTIONAL: IP or domain of C2 server"
                },
                "port": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 65535,
                  "description": "OPTIONAL: Port number"
                },
                "protocol": {
                  "type": "string",
                  "enum": [
                    "http",
                    "https",
                    "tcp",
                    "udp",
                    "dns",
                    "other"
                  ],
                  "description": "OPTIONAL: Protocol used"
                }
              }
            },
            "description": "OPTIONAL: Command and control servers if known"
          },
          "sandbox_analysis": {
            "type": "object",
            "properties": {
              "sandbox_name": {
                "type": "string",
                "description": "OPTIONAL: Name of sandbox used",
                "examples": [
                  "VirusTotal",
                  "Hybrid Analysis",
                  "Joe Sandbox"
                ]
              },
              "analysis_url": {
                "type": "string",
                "format": "uri",
                "description": "OPTIONAL: URL to analysis report"
              },
              "verdict": {
                "type": "string",
                "enum": [
                  "malicious",
                  "suspicious",
                  "clean",
                  "unknown"
                ],
                "description": "OPTIONAL: Analysis verdict"
              },
              "score": {
                "type": "number",
                "minimum": 0,
                "maximum": 100,
                "description": "OPTIONAL: Maliciousness score"
              }
            },
            "description": "OPTIONAL: Results from automated malware analysis"
          },
          "exploit_cve": {
            "type": "array",
            "items": {
              "type": "string",
              "pattern": "^CVE-\\d{4}-\\d{4,}$"
            },
            "description": "OPTIONAL: CVEs exploited by this malware"
          },
          "persistence_mechanism": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "registry",
                "scheduled_task",
                "service",
                "startup_folder",
                "dll_hijacking",
                "wmi",
                "other"
              ]
            },
            "description": "OPTIONAL: How the malware maintains persistence"
          },
          "targeted_platforms": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "windows",
                "linux",
                "macos",
                "android",
                "ios",
                "multi_platform"
              ]
            },
            "description": "OPTIONAL: Operating systems targeted by the malware"
          }
        }
      }
    ],
    "examples": [
      {
        "xarf_version": "4.2.0",
        "report_id": "e5f6a7b8-c9d0-1234-efab-cdef01234567",
        "timestamp": "2025-01-15T12:45:00Z",
        "reporter": {
          "org": "Malware Analysis Lab",
          "contact": "alerts@malwarelab.example",
          "domain": "malwarelab.example"
        },
        "sender": {
          "org": "Malware Analysis Lab",
          "contact": "alerts@malwarelab.example",
          "domain": "malwarelab.example"
        },
        "source_identifier": "198.51.100.123",
        "category": "content",
        "type": "malware",
        "url": "https://malicious-downloads.example.com/invoice.exe",
        "malware_family": "Emotet",
        "malware_type": "trojan",
        "file_hashes": {
          "sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        },
        "distribution_method": "email_attachment",
        "evidence": [
          {
            "content_type": "application/octet-stream",
            "description": "Malware sample",
            "payload": "base64_encoded_malware"
          }
        ]
      }
    ]
  },
  "types/content-phishing.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://xarf.org/schemas/v4/types/content-phishing.json",
    "title": "XARF v4 Content - Phishing Type Schema",
    "description": "Schema for phishing websites and credential harvesting",
    "allOf": [
      {
        "$ref": "./content-base.json"
      },
      {
        "type": "object",
        "properties": {
          "type": {
            "const": "phishing"
          },
          "credential_fields": {
            "type": "array",
            "items": {
              "type": "string"
            },
            "x-recommended": true,
            "description": "RECOMMENDED: Form fields present on the phishing page",
            "examples": [
              [
                "username",
                "password"
              ],
              [
                "email",
                "password",
                "pin"
              ],
              [
                "card_number",
                "cvv",
                "expiry"
              ]
            ]
          },
          "phishing_kit": {
            "type": "string",
            "description": "OPTIONAL: Known phishing kit identifier if detected",
            "examples": [
              "Kr3pto",
              "16Shop",
              "LogoKit"
            ]
          },
          "redirect_chain": {
            "type": "array",
            "items": {
              "type": "string",
              "format": "uri"
            },
            "description": "OPTIONAL: URL redirect sequence leading to phishing page"
          },
          "submission_url": {
            "type": "string",
            "format": "uri",
            "x-recommended": true,
            "description": "RECOMMENDED: Where credentials are submitted"
          },
          "cloned_site": {
            "type": "string",
            "format": "uri",
            "x-recommended": true,
            "description": "RECOMMENDED: Legitimate site being impersonated"
          },
          "detection_evasion": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "geo_blocking",
                "user_agent_filtering",
                "referrer_checking",
                "captcha",
                "time_based_display",
                "ip_blacklisting",
                "obfuscation",
                "other"
              ]
            },
            "description": "OPTIONAL: Evasion techniques used by the phishing page"
          },
          "lure_type": {
            "type": "string",
            "enum": [
              "account_suspension",
              "security_alert",
              "payment_issue",
              "prize_notification",
              "document_share",
              "password_reset",
              "shipping_notification",
              "tax_refund",
              "other"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Social engineering lure used"
          }
        }
      }
    ],
    "examples": [
      {
        "xarf_version": "4.2.0",
        "report_id": "b2c3d4e5-f6a7-8901-bcde-f2345678901a",
        "timestamp": "2025-01-15T15:15:24Z",
        "reporter": {
          "org": "Phishing Detection Service",
          "contact": "reports@antiphishing.example",
          "domain": "antiphishing.example"
        },
        "sender": {
          "org": "Phishing Detection Service",
          "contact": "reports@antiphishing.example",
          "domain": "antiphishing.example"
        },
        "source_identifier": "203.0.113.45",
        "category": "content",
        "type": "phishing",
        "url": "https://secure-banking-login.example.com/auth",
        "target_brand": "Major Bank Corp",
        "cloned_site": "https://www.bank.example",
        "credential_fields": [
          "username",
          "password",
          "pin"
        ],
        "lure_type": "security_alert",
        "evidence": [
          {
            "content_type": "image/png",
            "description": "Screenshot of phishing page",
            "payload": "base64_encoded_screenshot"
          }
        ]
      }
    ]
  },
  "types/content-remote_compromise.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://xarf.org/schemas/v4/types/content-remote_compromise.json",
    "title": "XARF v4 Content - Remote Compromise Type Schema",
    "description": "Schema for compromised websites, webshells, and unauthorized access",
    "allOf": [
      {
        "$ref": "./content-base.json"
      },
      {
        "type": "object",
        "properties": {
          "type": {
            "const": "remote_compromise"
          },
          "compromise_type": {
            "type": "string",
            "enum": [
              "webshell",
              "backdoor",
              "defacement",
              "malicious_redirect",
              "seo_spam",
              "cryptominer",
              "phishing_kit",
              "malware_host",
              "c2_server",
              "proxy",
              "scanner",
              "other"
            ],
            "description": "REQUIRED: Type of compromise detected"
          },
          "compromise_indicators": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "type": {
                  "type": "string",
                  "enum": [
                    "file_path",
                    "process",
                    "network_connection",
                    "user_account",
                    "scheduled_task",
                    "registry_key",
                    "service"
                  ],
                  "description": "REQUIRED: Type of indicator"
                },
                "value": {
                  "type": "string",
                  "description": "REQUIRED: Indicator value (e.g., file path, process name)"
                },
                "description": {
                  "type": "string",
                  "description": "OPTIONAL: Additional description"
                }
              },
              "required": [
                "type",
                "value"
              ]
            },
            "x-recommended": true,
            "description": "RECOMMENDED: Specific indicators of compromise"
          },
          "webshell_details": {
            "type": "object",
            "properties": {
              "family": {
                "type": "string",
                "description": "OPTIONAL: Known webshell family",
                "examples": [
                  "WSO",
                  "C99",
                  "B374K",
                  "R57"
                ]
              },
              "capabilities": {
                "type": "array",
                "items": {
                  "type": "string",
                  "enum": [
                    "file_manager",
                    "command_execution",
                    "database_access",
                    "network_scanning",
                    "privilege_escalation",
                    "persistence",
                    "other"
                  ]
                },
                "description": "OPTIONAL: Webshell capabilities"
              },
              "password_protected": {
                "type": "boolean",
                "description": "OPTIONAL: Whether webshell is password protected"
              }
            },
            "x-recommended": true,
            "description": "RECOMMENDED: Details specific to webshell compromises"
          },
          "affected_cms": {
            "type": "string",
            "enum": [
              "wordpress",
              "joomla",
              "drupal",
              "magento",
              "prestashop",
              "opencart",
              "custom",
              "unknown",
              "other"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Content management system if identified"
          },
          "vulnerability_exploited": {
            "type": "object",
            "properties": {
              "cve": {
                "type": "string",
                "pattern": "^CVE-\\d{4}-\\d{4,}$",
                "description": "OPTIONAL: CVE identifier"
              },
              "description": {
                "type": "string",
                "description": "OPTIONAL: Vulnerability description"
              },
              "component": {
                "type": "string",
                "description": "OPTIONAL: Vulnerable component (e.g., plugin name)"
              }
            },
            "description": "OPTIONAL: Vulnerability used for initial compromise if known"
          },
          "persistence_mechanisms": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "cron_job",
                "modified_core_files",
                "hidden_admin_account",
                "autoload_backdoor",
                "htaccess_modification",
                "database_backdoor",
                "other"
              ]
            },
            "x-recommended": true,
            "description": "RECOMMENDED: Methods used to maintain access"
          },
          "malicious_activities": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "spam_sending",
                "ddos_attacks",
                "cryptocurrency_mining",
                "data_exfiltration",
                "lateral_movement",
                "hosting_malware",
                "hosting_phishing",
                "scanning",
                "other"
              ]
            },
            "x-recommended": true,
            "description": "RECOMMENDED: Observed malicious activities from the compromised site"
          },
          "cleanup_status": {
            "type": "string",
            "enum": [
              "not_cleaned",
              "partially_cleaned",
              "cleaned",
              "reinfected",
              "unknown"
            ],
            "description": "OPTIONAL: Current cleanup status of the compromise"
          }
        },
        "required": [
          "compromise_type"
        ]
      }
    ],
    "examples": [
      {
        "xarf_version": "4.2.0",
        "report_id": "d4e5f6a7-b8c9-0123-def4-567890abcdef",
        "timestamp": "2025-01-15T11:30:00Z",
        "reporter": {
          "org": "Web Security Scanner",
          "contact": "abuse@websecscanner.example",
          "domain": "websecscanner.example"
        },
        "sender": {
          "org": "Web Security Scanner",
          "contact": "abuse@websecscanner.example",
          "domain": "websecscanner.example"
        },
        "source_identifier": "192.0.2.150",
        "category": "content",
        "type": "remote_compromise",
        "url": "https://compromised-site.example.com/wp-content/uploads/shell.php",
        "compromise_type": "webshell",
        "affected_cms": "wordpress",
        "webshell_details": {
          "family": "WSO",
          "capabilities": [
            "file_manager",
            "command_execution",
            "database_access"
          ],
          "password_protected": true
        },
        "compromise_indicators": [
          {
            "type": "file_path",
            "value": "/wp-content/uploads/2025/01/shell.php",
            "description": "Webshell located in uploads directory"
          }
        ],
        "evidence": [
          {
            "content_type": "text/plain",
            "description": "Webshell source code snippet",
            "payload": "base64_encoded_code"
          }
        ]
      }
    ]
  },
  "types/content-suspicious_registration.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://xarf.org/schemas/v4/types/content-suspicious_registration.json",
    "title": "XARF v4 Content - Suspicious Registration Type Schema",
    "description": "Schema for newly registered suspicious domains and preemptive threat detection",
    "allOf": [
      {
        "$ref": "./content-base.json"
      },
      {
        "type": "object",
        "properties": {
          "type": {
            "const": "suspicious_registration"
          },
          "registration_date": {
            "type": "string",
            "format": "date-time",
            "description": "REQUIRED: When the domain was registered"
          },
          "days_since_registration": {
            "type": "integer",
            "minimum": 0,
            "x-recommended": true,
            "description": "RECOMMENDED: Number of days since domain registration"
          },
          "suspicious_indicators": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "typosquatting",
                "homograph_attack",
                "brand_keyword",
                "suspicious_tld",
                "bulk_registration",
                "privacy_protection",
                "suspicious_registrant",
                "fast_flux",
                "dga_pattern",
                "known_bad_nameserver",
                "suspicious_ssl_cert",
                "immediate_activation",
                "parked_page",
                "other"
              ]
            },
            "minItems": 1,
            "description": "REQUIRED: Indicators that make this registration suspicious"
          },
          "risk_score": {
            "type": "number",
            "minimum": 0,
            "maximum": 1,
            "x-recommended": true,
            "description": "RECOMMENDED: Calculated risk score for this domain"
          },
          "targeted_brands": {
            "type": "array",
            "items": {
              "type": "string"
            },
            "x-recommended": true,
            "description": "RECOMMENDED: Brands potentially targeted by this domain"
          },
          "registrant_details": {
            "type": "object",
            "properties": {
              "email_domain": {
                "type": "string",
                "description": "OPTIONAL: Domain of registrant's email"
              },
              "country": {
                "type": "string",
                "pattern": "^[A-Z]{2}$",
                "description": "OPTIONAL: ISO 3166-1 alpha-2 country code"
              },
              "privacy_protected": {
                "type": "boolean",
                "description": "OPTIONAL: Whether WHOIS privacy is enabled"
              },
              "bulk_registrations": {
                "type": "integer",
                "description": "OPTIONAL: Number of domains registered by same entity"
              }
            },
            "x-recommended": true,
            "description": "RECOMMENDED: Information about the domain registrant"
          },
          "related_domains": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "domain": {
                  "type": "string",
                  "description": "OPTIONAL: Related domain name"
                },
                "relationship": {
                  "type": "string",
                  "enum": [
                    "same_registrant",
                    "same_nameserver",
                    "same_ip",
                    "same_ssl_cert",
                    "similar_pattern",
                    "same_campaign"
                  ],
                  "description": "OPTIONAL: Type of relationship"
                }
              }
            },
            "maxItems": 20,
            "description": "OPTIONAL: Other domains related to this suspicious registration"
          },
          "predicted_usage": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "phishing",
                "malware",
                "spam",
                "fraud",
                "brand_abuse",
                "botnet_c2",
                "unknown"
              ]
            },
            "x-recommended": true,
            "description": "RECOMMENDED: Predicted malicious usage based on patterns"
          },
          "ssl_certificate_details": {
            "type": "object",
            "properties": {
              "issued_immediately": {
                "type": "boolean",
                "description": "OPTIONAL: Certificate issued immediately after registration"
              },
              "free_certificate": {
                "type": "boolean",
                "description": "OPTIONAL: Using free SSL certificate provider"
              },
              "wildcard": {
                "type": "boolean",
                "description": "OPTIONAL: Wildcard certificate"
              }
            },
            "description": "OPTIONAL: SSL certificate details"
          },
          "activation_behavior": {
            "type": "object",
            "properties": {
              "time_to_activation": {
                "type": "integer",
                "description": "OPTIONAL: Hours between registration and first content"
              },
              "initial_content": {
                "type": "string",
                "enum": [
                  "parked",
                  "under_construction",
                  "immediate_malicious",
                  "cloned_site",
                  "blank",
                  "other"
                ],
                "description": "OPTIONAL: Type of initial content"
              }
            },
            "description": "OPTIONAL: Activation behavior details"
          }
        },
        "required": [
          "registration_date",
          "suspicious_indicators"
        ]
      }
    ],
    "examples": [
      {
        "xarf_version": "4.2.0",
        "report_id": "c3d4e5f6-a7b8-9012-bcde-f34567890123",
        "timestamp": "2025-01-15T08:00:00Z",
        "reporter": {
          "org": "Domain Threat Intelligence",
          "contact": "alerts@domainthreat.example",
          "domain": "domainthreat.example"
        },
        "sender": {
          "org": "Domain Threat Intelligence",
          "contact": "alerts@domainthreat.example",
          "domain": "domainthreat.example"
        },
        "source_identifier": "192.0.2.200",
        "category": "content",
        "type": "suspicious_registration",
        "url": "https://amaz0n-secure.example",
        "domain": "amaz0n-secure.example",
        "registration_date": "2025-01-14T22:00:00Z",
        "days_since_registration": 0,
        "suspicious_indicators": [
          "typosquatting",
          "brand_keyword",
          "privacy_protection",
          "immediate_activation"
        ],
        "risk_score": 0.92,
        "targeted_brands": [
          "Amazon"
        ],
        "registrant_details": {
          "privacy_protected": true,
          "country": "CN",
          "bulk_registrations": 47
        },
        "predicted_usage": [
          "phishing",
          "fraud"
        ],
        "evidence": [
          {
            "content_type": "application/json",
            "description": "WHOIS and DNS records",
            "payload": "base64_encoded_data"
          }
        ]
      }
    ]
  },
  "types/copyright-copyright.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://xarf.org/schemas/v4/types/copyright-copyright.json",
    "title": "XARF v4 Copyright - Copyright Type Schema",
    "description": "Schema for Copyright infringement and DMCA violations",
    "allOf": [
      {
        "$ref": "../xarf-core.json"
      },
      {
        "type": "object",
        "properties": {
          "category": {
            "const": "copyright"
          },
          "type": {
            "const": "copyright"
          },
          "infringing_url": {
            "type": "string",
            "format": "uri",
            "description": "REQUIRED: URL of the infringing content - this is what's being reported",
            "examples": [
              "http://piracy-site.example.com/movies/copyrighted-movie.mp4",
              "https://file-sharing.example.org/download/12345"
            ]
          },
          "work_title": {
            "type": "string",
            "maxLength": 500,
            "x-recommended": true,
            "description": "RECOMMENDED: Title of the copyrighted work",
            "examples": [
              "Avengers: Endgame",
              "Beatles - Abbey Road",
              "Adobe Photoshop"
            ]
          },
          "rights_holder": {
            "type": "string",
            "maxLength": 200,
            "x-recommended": true,
            "description": "RECOMMENDED: Organization or person holding the copyright",
            "examples": [
              "Disney Enterprises, Inc.",
              "Sony Music",
              "Adobe Systems"
            ]
          },
          "original_url": {
            "type": "string",
            "format": "uri",
            "description": "OPTIONAL: URL of the legitimate/original content",
            "examples": [
              "https://www.studio.example/movies/blockbuster-film"
            ]
          },
          "infringement_type": {
            "type": "string",
            "enum": [
              "direct_copy",
              "modified_copy",
              "streaming",
              "download",
              "distribution"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Type of copyright infringement"
          }
        },
        "required": [
          "infringing_url"
        ]
      }
    ]
  },
  "types/copyright-cyberlocker.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://xarf.org/schemas/v4/types/copyright-cyberlocker.json",
    "title": "XARF v4 Copyright - Cyberlocker Type Schema",
    "description": "Schema for cyberlocker/file hosting service copyright infringement reports",
    "allOf": [
      {
        "$ref": "../xarf-core.json"
      },
      {
        "type": "object",
        "properties": {
          "category": {
            "const": "copyright"
          },
          "type": {
            "const": "cyberlocker"
          },
          "evidence_source": {
            "type": "string",
            "enum": [
              "automated_crawl",
              "manual_discovery",
              "user_report",
              "rights_holder",
              "search_engine"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Source of cyberlocker infringement evidence"
          },
          "infringing_url": {
            "type": "string",
            "format": "uri",
            "description": "REQUIRED: URL to the infringing file on the hosting service"
          },
          "hosting_service": {
            "type": "string",
            "maxLength": 200,
            "description": "REQUIRED: Name of the file hosting service",
            "examples": [
              "Rapidshare",
              "Megaupload",
              "4shared",
              "MediaFire",
              "Zippyshare",
              "Uploaded.net"
            ]
          },
          "file_info": {
            "type": "object",
            "properties": {
              "filename": {
                "type": "string",
                "maxLength": 500,
                "description": "OPTIONAL: Name of the infringing file"
              },
              "file_size": {
                "type": "integer",
                "minimum": 0,
                "description": "OPTIONAL: File size in bytes"
              },
              "file_hash": {
                "type": "string",
                "pattern": "^(md5|sha1|sha256):[a-fA-F0-9]+$",
                "description": "OPTIONAL: File hash with algorithm prefix"
              },
              "upload_date": {
                "type": "string",
                "format": "date-time",
                "description": "OPTIONAL: When file was uploaded to service"
              },
              "download_count": {
                "type": "integer",
                "minimum": 0,
                "description": "OPTIONAL: Number of downloads if available"
              }
            },
            "additionalProperties": false,
            "x-recommended": true,
            "description": "RECOMMENDED: File information details"
          },
          "uploader_info": {
            "type": "object",
            "properties": {
              "username": {
                "type": "string",
                "maxLength": 200,
                "description": "OPTIONAL: Username of the uploader"
              },
              "user_id": {
                "type": "string",
                "maxLength": 100,
                "description": "OPTIONAL: User ID on the hosting service"
              },
              "account_type": {
                "type": "string",
                "enum": [
                  "free",
                  "premium",
                  "business",
                  "unknown"
                ],
                "description": "OPTIONAL: Type of user account"
              }
            },
            "additionalProperties": false,
            "description": "OPTIONAL: Information about the uploader"
          },
          "work_title": {
            "type": "string",
            "maxLength": 500,
            "x-recommended": true,
            "description": "RECOMMENDED: Title of the copyrighted work"
          },
          "rights_holder": {
            "type": "string",
            "maxLength": 200,
            "x-recommended": true,
            "description": "RECOMMENDED: Organization or person holding the copyright"
          },
          "work_category": {
            "type": "string",
            "enum": [
              "movie",
              "tv_show",
              "music",
              "software",
              "ebook",
              "audiobook",
              "game",
              "document",
              "other"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Category of copyrighted work"
          },
          "access_method": {
            "type": "string",
            "enum": [
              "direct_link",
              "password_protected",
              "premium_only",
              "time_limited",
              "captcha_protected"
            ],
            "description": "OPTIONAL: How the file can be accessed"
          },
          "takedown_info": {
            "type": "object",
            "properties": {
              "previous_requests": {
                "type": "integer",
                "minimum": 0,
                "description": "OPTIONAL: Number of previous takedown requests for this file"
              },
              "service_response_time": {
                "type": "string",
                "description": "OPTIONAL: Expected response time from hosting service"
              },
              "automated_removal": {
                "type": "boolean",
                "description": "OPTIONAL: Whether service supports automated removal"
              }
            },
            "additionalProperties": false,
            "description": "OPTIONAL: Takedown request information"
          }
        },
        "required": [
          "infringing_url",
          "hosting_service"
        ]
      }
    ],
    "examples": [
      {
        "xarf_version": "4.2.0",
        "report_id": "456b7890-c123-45d6-e789-012345678901",
        "timestamp": "2024-01-15T11:15:20Z",
        "reporter": {
          "org": "Anti-Piracy Coalition",
          "contact": "takedowns@anti-piracy.example",
          "domain": "anti-piracy.example"
        },
        "sender": {
          "org": "Anti-Piracy Coalition",
          "contact": "takedowns@anti-piracy.example",
          "domain": "anti-piracy.example"
        },
        "source_identifier": "cyberlocker-service.example",
        "category": "copyright",
        "type": "cyberlocker",
        "infringing_url": "https://filehost.example/download/abc123def456",
        "hosting_service": "FileHost Pro",
        "work_title": "Popular Movie 2024",
        "rights_holder": "Entertainment Studios LLC",
        "work_category": "movie",
        "evidence_source": "automated_crawl",
        "file_info": {
          "filename": "Popular.Movie.2024.1080p.WEBRip.x264.mp4",
          "file_size": 2147483648,
          "upload_date": "2024-01-14T20:30:00Z"
        },
        "uploader_info": {
          "username": "movieshare123",
          "account_type": "premium"
        },
        "access_method": "direct_link",
        "evidence": [
          {
            "content_type": "text/html",
            "description": "Screenshot of download page showing copyrighted content",
            "payload": "PGh0bWw+PGhlYWQ+PHRpdGxlPkRvd25sb2FkIFBvcHVsYXIgTW92aWUgMjAyNC4uLjwvdGl0bGU+PC9oZWFkPjwvaHRtbD4="
          }
        ],
        "tags": [
          "copyright:cyberlocker",
          "service:filehost",
          "media:movie"
        ]
      }
    ]
  },
  "types/copyright-link-site.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://xarf.org/schemas/v4/types/copyright-link-site.json",
    "title": "XARF v4 Copyright - Link Site Type Schema",
    "description": "Schema for link aggregation site copyright infringement reports",
    "allOf": [
      {
        "$ref": "../xarf-core.json"
      },
      {
        "type": "object",
        "properties": {
          "category": {
            "const": "copyright"
          },
          "type": {
            "const": "link_site"
          },
          "evidence_source": {
            "type": "string",
            "enum": [
              "automated_crawl",
              "manual_monitoring",
              "user_report",
              "rights_holder",
              "search_monitoring"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Source of link site infringement evidence"
          },
          "infringing_url": {
            "type": "string",
            "format": "uri",
            "description": "REQUIRED: URL to the page containing infringing links"
          },
          "site_name": {
            "type": "string",
            "maxLength": 200,
            "description": "REQUIRED: Name of the link aggregation site",
            "examples": [
              "The Pirate Bay",
              "1337x",
              "RARBG",
              "Torrentz2",
              "ExtraTorrent",
              "KickassTorrents"
            ]
          },
          "site_category": {
            "type": "string",
            "enum": [
              "torrent_index",
              "direct_download_links",
              "streaming_links",
              "usenet_index",
              "search_engine",
              "forum_links",
              "other"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Category of link aggregation site"
          },
          "link_info": {
            "type": "object",
            "properties": {
              "page_title": {
                "type": "string",
                "maxLength": 500,
                "description": "OPTIONAL: Title of the page containing links"
              },
              "posting_date": {
                "type": "string",
                "format": "date-time",
                "description": "OPTIONAL: When links were posted"
              },
              "uploader": {
                "type": "string",
                "maxLength": 200,
                "description": "OPTIONAL: Username who posted the links"
              },
              "download_count": {
                "type": "integer",
                "minimum": 0,
                "description": "OPTIONAL: Number of downloads/views"
              },
              "link_count": {
                "type": "integer",
                "minimum": 1,
                "description": "OPTIONAL: Number of infringing links on the page"
              },
              "comments_count": {
                "type": "integer",
                "minimum": 0,
                "description": "OPTIONAL: Number of user comments"
              }
            },
            "additionalProperties": false,
            "x-recommended": true,
            "description": "RECOMMENDED: Information about the link page"
          },
          "linked_content": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "target_url": {
                  "type": "string",
                  "format": "uri",
                  "description": "REQUIRED: URL that the link points to"
                },
                "link_type": {
                  "type": "string",
                  "enum": [
                    "torrent_file",
                    "magnet_link",
                    "direct_download",
                    "streaming_link",
                    "usenet_nzb",
                    "other"
                  ],
                  "description": "REQUIRED: Type of link"
                },
                "hosting_service": {
                  "type": "string",
                  "maxLength": 200,
                  "description": "OPTIONAL: Service hosting the linked content"
                },
                "file_size": {
                  "type": "integer",
                  "minimum": 0,
                  "description": "OPTIONAL: Size of linked file in bytes"
                }
              },
              "required": [
                "target_url",
                "link_type"
              ],
              "additionalProperties": false
            },
            "maxItems": 50,
            "x-recommended": true,
            "description": "RECOMMENDED: Details about the linked infringing content"
          },
          "work_title": {
            "type": "string",
            "maxLength": 500,
            "x-recommended": true,
            "description": "RECOMMENDED: Title of the copyrighted work"
          },
          "rights_holder": {
            "type": "string",
            "maxLength": 200,
            "x-recommended": true,
            "description": "RECOMMENDED: Organization or person holding the copyright"
          },
          "work_category": {
            "type": "string",
            "enum": [
              "movie",
              "tv_show",
              "music",
              "software",
              "ebook",
              "audiobook",
              "game",
              "adult_content",
              "other"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Category of copyrighted work"
          },
          "search_terms": {
            "type": "array",
            "items": {
              "type": "string",
              "maxLength": 200
            },
            "maxItems": 10,
            "description": "OPTIONAL: Search terms used to find the infringing links"
          },
          "site_ranking": {
            "type": "object",
            "properties": {
              "alexa_rank": {
                "type": "integer",
                "minimum": 1,
                "description": "OPTIONAL: Alexa traffic ranking of the site"
              },
              "popularity_score": {
                "type": "number",
                "minimum": 0,
                "maximum": 10,
                "description": "OPTIONAL: Popularity score (0.0-10.0)"
              }
            },
            "additionalProperties": false,
            "description": "OPTIONAL: Site ranking information"
          }
        },
        "required": [
          "infringing_url",
          "site_name"
        ]
      }
    ],
    "examples": [
      {
        "xarf_version": "4.2.0",
        "report_id": "012c3456-d789-01e2-f345-678901234567",
        "timestamp": "2024-01-15T20:10:30Z",
        "reporter": {
          "org": "Digital Rights Enforcement",
          "contact": "enforcement@digital-rights.example",
          "domain": "digital-rights.example"
        },
        "sender": {
          "org": "Digital Rights Enforcement",
          "contact": "enforcement@digital-rights.example",
          "domain": "digital-rights.example"
        },
        "source_identifier": "torrent-indexer.example",
        "category": "copyright",
        "type": "link_site",
        "infringing_url": "https://torrentindex.example/torrent/12345/blockbuster-movie-2024",
        "site_name": "TorrentIndex",
        "site_category": "torrent_index",
        "work_title": "Blockbuster Movie 2024",
        "rights_holder": "Hollywood Studios",
        "work_category": "movie",
        "evidence_source": "automated_crawl",
        "link_info": {
          "page_title": "Blockbuster Movie 2024 1080p BluRay x264",
          "posting_date": "2024-01-14T22:30:00Z",
          "uploader": "movieuploader123",
          "download_count": 2500,
          "link_count": 3
        },
        "linked_content": [
          {
            "target_url": "magnet:?xt=urn:btih:da39a3ee5e6b4b0d3255bfef95601890afd80709",
            "link_type": "magnet_link",
            "hosting_service": "BitTorrent DHT"
          },
          {
            "target_url": "https://filehost.example/download/abc123",
            "link_type": "direct_download",
            "hosting_service": "FileHost Service",
            "file_size": 4294967296
          }
        ],
        "search_terms": [
          "Blockbuster Movie 2024",
          "1080p BluRay"
        ],
        "evidence": [
          {
            "content_type": "text/html",
            "description": "Screenshot of torrent page showing copyrighted content links",
            "payload": "PGh0bWw+PGhlYWQ+PHRpdGxlPkJsb2NrYnVzdGVyIE1vdmllIDIwMjQ8L3RpdGxlPjwvaGVhZD48L2h0bWw+"
          }
        ],
        "tags": [
          "copyright:link_site",
          "site:torrent_index",
          "media:movie"
        ]
      }
    ]
  },
  "types/copyright-p2p.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://xarf.org/schemas/v4/types/copyright-p2p.json",
    "title": "XARF v4 Copyright - P2P Type Schema",
    "description": "Schema for peer-to-peer copyright infringement reports",
    "allOf": [
      {
        "$ref": "../xarf-core.json"
      },
      {
        "type": "object",
        "properties": {
          "category": {
            "const": "copyright"
          },
          "type": {
            "const": "p2p"
          },
          "evidence_source": {
            "type": "string",
            "enum": [
              "automated_crawl",
              "manual_monitoring",
              "user_report",
              "rights_holder",
              "watermark_detection"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Source of P2P infringement evidence"
          },
          "p2p_protocol": {
            "type": "string",
            "enum": [
              "bittorrent",
              "edonkey",
              "gnutella",
              "kademlia",
              "other"
            ],
            "description": "REQUIRED: P2P protocol used for infringement"
          },
          "swarm_info": {
            "type": "object",
            "properties": {
              "info_hash": {
                "type": "string",
                "pattern": "^[a-fA-F0-9]{40}$",
                "description": "RECOMMENDED: BitTorrent info hash (SHA-1)"
              },
              "magnet_uri": {
                "type": "string",
                "pattern": "^magnet:\\?xt=urn:",
                "description": "RECOMMENDED: Magnet link for the infringing content"
              },
              "torrent_name": {
                "type": "string",
                "maxLength": 500,
                "description": "OPTIONAL: Name of the torrent"
              },
              "file_count": {
                "type": "integer",
                "minimum": 1,
                "description": "OPTIONAL: Number of files in the torrent"
              },
              "total_size": {
                "type": "integer",
                "minimum": 0,
                "description": "OPTIONAL: Total size in bytes"
              }
            },
            "additionalProperties": false,
            "x-recommended": true,
            "description": "RECOMMENDED: Swarm information (info_hash or magnet_uri required)"
          },
          "peer_info": {
            "type": "object",
            "properties": {
              "peer_id": {
                "type": "string",
                "maxLength": 100,
                "description": "OPTIONAL: P2P client peer ID"
              },
              "client_version": {
                "type": "string",
                "maxLength": 100,
                "description": "OPTIONAL: P2P client software and version"
              },
              "upload_amount": {
                "type": "integer",
                "minimum": 0,
                "description": "OPTIONAL: Amount uploaded in bytes"
              },
              "download_amount": {
                "type": "integer",
                "minimum": 0,
                "description": "OPTIONAL: Amount downloaded in bytes"
              }
            },
            "additionalProperties": false,
            "description": "OPTIONAL: Peer information"
          },
          "work_title": {
            "type": "string",
            "maxLength": 500,
            "x-recommended": true,
            "description": "RECOMMENDED: Title of the copyrighted work"
          },
          "rights_holder": {
            "type": "string",
            "maxLength": 200,
            "x-recommended": true,
            "description": "RECOMMENDED: Organization or person holding the copyright"
          },
          "work_category": {
            "type": "string",
            "enum": [
              "movie",
              "tv_show",
              "music",
              "software",
              "ebook",
              "audiobook",
              "game",
              "other"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Category of copyrighted work"
          },
          "release_date": {
            "type": "string",
            "format": "date",
            "description": "OPTIONAL: Official release date of the work"
          },
          "detection_method": {
            "type": "string",
            "enum": [
              "automated_crawl",
              "fingerprinting",
              "metadata_match",
              "manual_verification"
            ],
            "description": "OPTIONAL: Method used to detect the infringement"
          }
        },
        "required": [
          "p2p_protocol"
        ],
        "anyOf": [
          {
            "required": [
              "swarm_info"
            ],
            "properties": {
              "swarm_info": {
                "anyOf": [
                  {
                    "required": [
                      "info_hash"
                    ]
                  },
                  {
                    "required": [
                      "magnet_uri"
                    ]
                  }
                ]
              }
            }
          }
        ]
      }
    ],
    "examples": [
      {
        "xarf_version": "4.2.0",
        "report_id": "789a1234-b567-89c0-d123-456789abcdef",
        "timestamp": "2024-01-15T18:30:45Z",
        "reporter": {
          "org": "Content Protection Agency",
          "contact": "reports@content-protection.example",
          "domain": "content-protection.example"
        },
        "sender": {
          "org": "Content Protection Agency",
          "contact": "reports@content-protection.example",
          "domain": "content-protection.example"
        },
        "source_identifier": "203.0.113.150",
        "source_port": 6881,
        "category": "copyright",
        "type": "p2p",
        "p2p_protocol": "bittorrent",
        "work_title": "Movie Title 2024",
        "rights_holder": "Major Studio Inc",
        "work_category": "movie",
        "evidence_source": "automated_crawl",
        "swarm_info": {
          "info_hash": "da39a3ee5e6b4b0d3255bfef95601890afd80709",
          "torrent_name": "Movie.Title.2024.1080p.BluRay.x264",
          "file_count": 1,
          "total_size": 8589934592
        },
        "peer_info": {
          "client_version": "uTorrent/3.5.5",
          "upload_amount": 1073741824
        },
        "evidence": [
          {
            "content_type": "application/x-bittorrent",
            "description": "Torrent file containing copyrighted content",
            "payload": "ZDg6YW5ub3VuY2UyNzpodHRwOi8vdHJhY2tlci5leGFtcGxlLmNvbS9hbm5vdW5jZQ=="
          }
        ],
        "tags": [
          "copyright:p2p",
          "protocol:bittorrent",
          "media:movie"
        ]
      }
    ]
  },
  "types/copyright-ugc-platform.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://xarf.org/schemas/v4/types/copyright-ugc-platform.json",
    "title": "XARF v4 Copyright - UGC Platform Type Schema",
    "description": "Schema for user-generated content platform copyright infringement reports",
    "allOf": [
      {
        "$ref": "../xarf-core.json"
      },
      {
        "type": "object",
        "properties": {
          "category": {
            "const": "copyright"
          },
          "type": {
            "const": "ugc_platform"
          },
          "evidence_source": {
            "type": "string",
            "enum": [
              "automated_detection",
              "user_report",
              "rights_holder",
              "content_id_match",
              "fingerprint_match",
              "manual_review"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Source of UGC platform infringement evidence"
          },
          "infringing_url": {
            "type": "string",
            "format": "uri",
            "description": "REQUIRED: URL to the infringing content on the platform"
          },
          "platform_name": {
            "type": "string",
            "maxLength": 200,
            "description": "REQUIRED: Name of the UGC platform",
            "examples": [
              "YouTube",
              "TikTok",
              "Instagram",
              "Twitter",
              "Facebook",
              "Vimeo",
              "Twitch",
              "SoundCloud"
            ]
          },
          "content_info": {
            "type": "object",
            "properties": {
              "content_id": {
                "type": "string",
                "maxLength": 200,
                "description": "OPTIONAL: Platform-specific content identifier"
              },
              "content_title": {
                "type": "string",
                "maxLength": 500,
                "description": "OPTIONAL: Title of the infringing content"
              },
              "content_description": {
                "type": "string",
                "maxLength": 2000,
                "description": "OPTIONAL: Description of the infringing content"
              },
              "upload_date": {
                "type": "string",
                "format": "date-time",
                "description": "OPTIONAL: When content was uploaded to platform"
              },
              "content_duration": {
                "type": "integer",
                "minimum": 0,
                "description": "OPTIONAL: Duration in seconds for video/audio content"
              },
              "view_count": {
                "type": "integer",
                "minimum": 0,
                "description": "OPTIONAL: Number of views/plays"
              },
              "like_count": {
                "type": "integer",
                "minimum": 0,
                "description": "OPTIONAL: Number of likes/upvotes"
              }
            },
            "additionalProperties": false,
            "x-recommended": true,
            "description": "RECOMMENDED: Information about the infringing content"
          },
          "uploader_info": {
            "type": "object",
            "properties": {
              "username": {
                "type": "string",
                "maxLength": 200,
                "description": "OPTIONAL: Username of the content uploader"
              },
              "user_id": {
                "type": "string",
                "maxLength": 100,
                "description": "OPTIONAL: Platform-specific user identifier"
              },
              "account_verified": {
                "type": "boolean",
                "description": "OPTIONAL: Whether uploader account is verified"
              },
              "subscriber_count": {
                "type": "integer",
                "minimum": 0,
                "description": "OPTIONAL: Number of subscribers/followers"
              },
              "account_creation_date": {
                "type": "string",
                "format": "date-time",
                "description": "OPTIONAL: When uploader account was created"
              }
            },
            "additionalProperties": false,
            "x-recommended": true,
            "description": "RECOMMENDED: Information about the uploader"
          },
          "work_title": {
            "type": "string",
            "maxLength": 500,
            "x-recommended": true,
            "description": "RECOMMENDED: Title of the copyrighted work"
          },
          "rights_holder": {
            "type": "string",
            "maxLength": 200,
            "x-recommended": true,
            "description": "RECOMMENDED: Organization or person holding the copyright"
          },
          "work_category": {
            "type": "string",
            "enum": [
              "movie",
              "tv_show",
              "music",
              "music_video",
              "audiobook",
              "podcast",
              "live_performance",
              "sports_event",
              "documentary",
              "other"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Category of copyrighted work"
          },
          "infringement_type": {
            "type": "string",
            "enum": [
              "full_work",
              "substantial_portion",
              "compilation",
              "remix_unauthorized",
              "background_music",
              "clip_mashup"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Type of copyright infringement"
          },
          "match_details": {
            "type": "object",
            "properties": {
              "match_confidence": {
                "type": "number",
                "minimum": 0,
                "maximum": 1,
                "description": "OPTIONAL: Confidence level of content match (0.0-1.0)"
              },
              "match_duration": {
                "type": "integer",
                "minimum": 0,
                "description": "OPTIONAL: Duration of matching content in seconds"
              },
              "match_percentage": {
                "type": "number",
                "minimum": 0,
                "maximum": 100,
                "description": "OPTIONAL: Percentage of original work that matches"
              },
              "reference_id": {
                "type": "string",
                "maxLength": 200,
                "description": "OPTIONAL: Reference ID from content identification system"
              }
            },
            "additionalProperties": false,
            "x-recommended": true,
            "description": "RECOMMENDED: Content match details"
          },
          "monetization_info": {
            "type": "object",
            "properties": {
              "monetized": {
                "type": "boolean",
                "description": "OPTIONAL: Whether infringing content is monetized"
              },
              "ad_revenue": {
                "type": "boolean",
                "description": "OPTIONAL: Whether content generates ad revenue"
              },
              "premium_content": {
                "type": "boolean",
                "description": "OPTIONAL: Whether content is behind paywall"
              }
            },
            "additionalProperties": false,
            "description": "OPTIONAL: Monetization information"
          }
        },
        "required": [
          "infringing_url",
          "platform_name"
        ]
      }
    ],
    "examples": [
      {
        "xarf_version": "4.2.0",
        "report_id": "789c0123-d456-78e9-f012-345678901234",
        "timestamp": "2024-01-15T13:45:15Z",
        "reporter": {
          "org": "Music Rights Management",
          "contact": "copyright@music-rights.example",
          "domain": "music-rights.example"
        },
        "sender": {
          "org": "Music Rights Management",
          "contact": "copyright@music-rights.example",
          "domain": "music-rights.example"
        },
        "source_identifier": "video-platform.example",
        "category": "copyright",
        "type": "ugc_platform",
        "infringing_url": "https://platform.example/watch?v=abc123def456",
        "platform_name": "VideoShare",
        "work_title": "Hit Song 2024",
        "rights_holder": "Record Label Inc",
        "work_category": "music",
        "evidence_source": "content_id_match",
        "infringement_type": "background_music",
        "content_info": {
          "content_id": "vid_abc123def456",
          "content_title": "My Vacation Highlights",
          "upload_date": "2024-01-14T16:20:00Z",
          "content_duration": 180,
          "view_count": 15000
        },
        "uploader_info": {
          "username": "travelblogger2024",
          "account_verified": false,
          "subscriber_count": 1200
        },
        "match_details": {
          "match_confidence": 0.95,
          "match_duration": 45,
          "match_percentage": 25,
          "reference_id": "ref_hit_song_2024_001"
        },
        "monetization_info": {
          "monetized": true,
          "ad_revenue": true
        },
        "evidence": [
          {
            "content_type": "application/json",
            "description": "Content ID match report with timestamps",
            "payload": "eyJtYXRjaF9kZXRhaWxzIjogeyJzdGFydF90aW1lIjogNjAsICJlbmRfdGltZSI6IDEwNX19"
          }
        ],
        "tags": [
          "copyright:ugc",
          "platform:video",
          "media:music",
          "type:background"
        ]
      }
    ]
  },
  "types/copyright-usenet.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://xarf.org/schemas/v4/types/copyright-usenet.json",
    "title": "XARF v4 Copyright - Usenet Type Schema",
    "description": "Schema for Usenet newsgroup copyright infringement reports",
    "allOf": [
      {
        "$ref": "../xarf-core.json"
      },
      {
        "type": "object",
        "properties": {
          "category": {
            "const": "copyright"
          },
          "type": {
            "const": "usenet"
          },
          "evidence_source": {
            "type": "string",
            "enum": [
              "automated_monitoring",
              "newsgroup_crawl",
              "user_report",
              "rights_holder",
              "nzb_index_monitoring"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Source of Usenet infringement evidence"
          },
          "newsgroup": {
            "type": "string",
            "maxLength": 200,
            "description": "REQUIRED: Name of the newsgroup containing infringing content",
            "examples": [
              "alt.binaries.movies.divx",
              "alt.binaries.tv",
              "alt.binaries.sounds.mp3",
              "alt.binaries.games",
              "alt.binaries.multimedia"
            ]
          },
          "message_info": {
            "type": "object",
            "properties": {
              "message_id": {
                "type": "string",
                "maxLength": 500,
                "description": "RECOMMENDED: Usenet Message-ID header"
              },
              "subject": {
                "type": "string",
                "maxLength": 500,
                "description": "OPTIONAL: Subject line of the post"
              },
              "from_header": {
                "type": "string",
                "maxLength": 200,
                "description": "OPTIONAL: From header of the post"
              },
              "posting_date": {
                "type": "string",
                "format": "date-time",
                "description": "OPTIONAL: When message was posted to newsgroup"
              },
              "part_number": {
                "type": "integer",
                "minimum": 1,
                "description": "OPTIONAL: Part number if multi-part post"
              },
              "total_parts": {
                "type": "integer",
                "minimum": 1,
                "description": "OPTIONAL: Total number of parts in posting"
              },
              "file_size": {
                "type": "integer",
                "minimum": 0,
                "description": "OPTIONAL: Size of the posted file in bytes"
              }
            },
            "additionalProperties": false,
            "x-recommended": true,
            "description": "RECOMMENDED: Message information (message_id required)"
          },
          "nzb_info": {
            "type": "object",
            "properties": {
              "nzb_name": {
                "type": "string",
                "maxLength": 500,
                "description": "OPTIONAL: Name of the NZB file"
              },
              "nzb_url": {
                "type": "string",
                "format": "uri",
                "description": "OPTIONAL: URL to NZB file on indexing site"
              },
              "indexer_site": {
                "type": "string",
                "maxLength": 200,
                "description": "OPTIONAL: NZB indexing site name"
              },
              "completion_percentage": {
                "type": "number",
                "minimum": 0,
                "maximum": 100,
                "description": "OPTIONAL: Completion percentage of the post"
              }
            },
            "additionalProperties": false,
            "description": "OPTIONAL: NZB file information"
          },
          "server_info": {
            "type": "object",
            "properties": {
              "nntp_server": {
                "type": "string",
                "maxLength": 200,
                "description": "OPTIONAL: NNTP server hostname"
              },
              "server_group": {
                "type": "string",
                "maxLength": 200,
                "description": "OPTIONAL: News server provider group"
              },
              "retention_days": {
                "type": "integer",
                "minimum": 1,
                "description": "OPTIONAL: Server retention period in days"
              }
            },
            "additionalProperties": false,
            "description": "OPTIONAL: Server information"
          },
          "work_title": {
            "type": "string",
            "maxLength": 500,
            "x-recommended": true,
            "description": "RECOMMENDED: Title of the copyrighted work"
          },
          "rights_holder": {
            "type": "string",
            "maxLength": 200,
            "x-recommended": true,
            "description": "RECOMMENDED: Organization or person holding the copyright"
          },
          "work_category": {
            "type": "string",
            "enum": [
              "movie",
              "tv_show",
              "music",
              "software",
              "ebook",
              "audiobook",
              "magazine",
              "game",
              "adult_content",
              "other"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Category of copyrighted work"
          },
          "encoding_info": {
            "type": "object",
            "properties": {
              "encoding_format": {
                "type": "string",
                "enum": [
                  "yenc",
                  "uuencode",
                  "base64",
                  "other"
                ],
                "description": "OPTIONAL: Binary encoding format used"
              },
              "par2_recovery": {
                "type": "boolean",
                "description": "OPTIONAL: Whether PAR2 recovery files are included"
              },
              "rar_compression": {
                "type": "boolean",
                "description": "OPTIONAL: Whether content is RAR compressed"
              }
            },
            "additionalProperties": false,
            "description": "OPTIONAL: Encoding information"
          },
          "detection_method": {
            "type": "string",
            "enum": [
              "subject_line_match",
              "header_analysis",
              "content_sampling",
              "nzb_metadata"
            ],
            "description": "OPTIONAL: Method used to detect infringement"
          }
        },
        "required": [
          "newsgroup"
        ],
        "anyOf": [
          {
            "required": [
              "message_info"
            ],
            "properties": {
              "message_info": {
                "required": [
                  "message_id"
                ]
              }
            }
          }
        ]
      }
    ],
    "examples": [
      {
        "xarf_version": "4.2.0",
        "report_id": "345d6789-e012-34f5-a678-901234567890",
        "timestamp": "2024-01-15T07:20:45Z",
        "reporter": {
          "org": "Usenet Monitoring Service",
          "contact": "reports@usenet-monitor.example",
          "domain": "usenet-monitor.example"
        },
        "sender": {
          "org": "Usenet Monitoring Service",
          "contact": "reports@usenet-monitor.example",
          "domain": "usenet-monitor.example"
        },
        "source_identifier": "news.example-provider.com",
        "category": "copyright",
        "type": "usenet",
        "newsgroup": "alt.binaries.movies.divx",
        "work_title": "Latest Movie 2024",
        "rights_holder": "Film Distribution Corp",
        "work_category": "movie",
        "evidence_source": "automated_monitoring",
        "message_info": {
          "message_id": "<abc123def456@news.provider.example.com>",
          "subject": "[1/50] Latest.Movie.2024.1080p.BluRay.x264 - File 01 of 50",
          "from_header": "movieposter@anon.example.com (MoviePoster)",
          "posting_date": "2024-01-14T05:30:00Z",
          "part_number": 1,
          "total_parts": 50,
          "file_size": 4294967296
        },
        "nzb_info": {
          "nzb_name": "Latest Movie 2024 1080p BluRay x264.nzb",
          "indexer_site": "NZB Indexer Pro",
          "completion_percentage": 100
        },
        "server_info": {
          "nntp_server": "news.example-provider.com",
          "retention_days": 3000
        },
        "encoding_info": {
          "encoding_format": "yenc",
          "par2_recovery": true,
          "rar_compression": true
        },
        "detection_method": "subject_line_match",
        "evidence": [
          {
            "content_type": "message/rfc822",
            "description": "Usenet post headers showing copyrighted movie",
            "payload": "TWVzc2FnZS1JRDogPGFiYzEyM2RlZjQ1NkBuZXdzLnByb3ZpZGVyLmNvbT4="
          }
        ],
        "tags": [
          "copyright:usenet",
          "newsgroup:movies",
          "media:movie"
        ]
      }
    ]
  },
  "types/infrastructure-botnet.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://xarf.org/schemas/v4/types/infrastructure-botnet.json",
    "title": "XARF v4 Infrastructure - Botnet Type Schema",
    "description": "Schema for Botnet infections and compromised systems",
    "allOf": [
      {
        "$ref": "../xarf-core.json"
      },
      {
        "type": "object",
        "properties": {
          "category": {
            "const": "infrastructure"
          },
          "type": {
            "const": "botnet"
          },
          "malware_family": {
            "type": "string",
            "maxLength": 200,
            "x-recommended": true,
            "description": "RECOMMENDED: Malware family classification",
            "examples": [
              "conficker",
              "mirai",
              "emotet",
              "zeus"
            ]
          },
          "c2_server": {
            "type": "string",
            "x-recommended": true,
            "description": "RECOMMENDED: Command and control server domain or IP",
            "examples": [
              "evil-c2.example.com",
              "192.0.2.100"
            ]
          },
          "c2_protocol": {
            "type": "string",
            "enum": [
              "http",
              "https",
              "tcp",
              "udp",
              "dns",
              "irc",
              "p2p",
              "custom"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Protocol used for C2 communications"
          },
          "bot_capabilities": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "ddos",
                "spam",
                "proxy",
                "keylogger",
                "file_download",
                "remote_shell",
                "cryptocurrency_mining",
                "data_theft"
              ]
            },
            "x-recommended": true,
            "description": "RECOMMENDED: Capabilities observed in the bot"
          },
          "compromise_evidence": {
            "type": "string",
            "description": "REQUIRED: Evidence of how compromise was detected",
            "examples": [
              "C2 communication observed",
              "Malicious process running",
              "Suspicious network traffic patterns"
            ]
          }
        },
        "required": [
          "compromise_evidence"
        ]
      }
    ]
  },
  "types/infrastructure-compromised-server.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://xarf.org/schemas/v4/types/infrastructure-compromised-server.json",
    "title": "XARF v4 Infrastructure - Compromised Server Type Schema",
    "description": "Schema for Compromised servers and infrastructure",
    "allOf": [
      {
        "$ref": "../xarf-core.json"
      },
      {
        "type": "object",
        "properties": {
          "category": {
            "const": "infrastructure"
          },
          "type": {
            "const": "compromised_server"
          },
          "compromise_method": {
            "type": "string",
            "description": "REQUIRED: Method used to compromise the server"
          }
        },
        "required": [
          "compromise_method"
        ]
      }
    ]
  },
  "types/messaging-bulk-messaging.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://xarf.org/schemas/v4/types/messaging-bulk-messaging.json",
    "title": "XARF v4 Messaging - Bulk Messaging Type Schema",
    "description": "Schema for bulk messaging reports - legitimate but unwanted bulk communications",
    "allOf": [
      {
        "$ref": "../xarf-core.json"
      },
      {
        "type": "object",
        "properties": {
          "category": {
            "const": "messaging"
          },
          "type": {
            "const": "bulk_messaging"
          },
          "evidence_source": {
            "type": "string",
            "enum": [
              "user_complaint",
              "automated_filter",
              "reputation_feed",
              "volume_analysis"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Source of bulk messaging evidence"
          },
          "protocol": {
            "type": "string",
            "enum": [
              "smtp",
              "sms",
              "whatsapp",
              "telegram",
              "social_media",
              "push_notification",
              "other"
            ],
            "description": "REQUIRED: Communication protocol used for bulk messaging"
          },
          "smtp_from": {
            "type": "string",
            "format": "email",
            "description": "REQUIRED: SMTP envelope sender address (required when protocol=smtp)"
          },
          "subject": {
            "type": "string",
            "maxLength": 500,
            "x-recommended": true,
            "description": "RECOMMENDED: Message subject line"
          },
          "sender_name": {
            "type": "string",
            "maxLength": 200,
            "description": "OPTIONAL: Display name of the sender"
          },
          "recipient_count": {
            "type": "integer",
            "minimum": 100,
            "description": "REQUIRED: Number of recipients (bulk requires minimum 100 recipients)"
          },
          "unsubscribe_provided": {
            "type": "boolean",
            "x-recommended": true,
            "description": "RECOMMENDED: Whether message provides unsubscribe mechanism"
          },
          "opt_in_evidence": {
            "type": "boolean",
            "description": "OPTIONAL: Whether there is evidence of recipient opt-in"
          },
          "bulk_indicators": {
            "type": "object",
            "properties": {
              "high_volume": {
                "type": "boolean",
                "description": "OPTIONAL: High volume sending pattern detected"
              },
              "template_based": {
                "type": "boolean",
                "description": "OPTIONAL: Message appears to be template-based"
              },
              "commercial_sender": {
                "type": "boolean",
                "description": "OPTIONAL: Sender appears to be commercial entity"
              }
            },
            "description": "OPTIONAL: Indicators specific to bulk messaging detection",
            "additionalProperties": false
          }
        },
        "required": [
          "protocol",
          "recipient_count"
        ],
        "if": {
          "properties": {
            "protocol": {
              "const": "smtp"
            }
          }
        },
        "then": {
          "required": [
            "smtp_from",
            "source_port"
          ]
        }
      }
    ],
    "examples": [
      {
        "xarf_version": "4.2.0",
        "report_id": "456e7890-a12b-34c5-d678-901234567890",
        "timestamp": "2024-01-15T16:45:10Z",
        "reporter": {
          "org": "Email Service Provider",
          "contact": "abuse@email-provider.example",
          "domain": "email-provider.example"
        },
        "sender": {
          "org": "Email Service Provider",
          "contact": "abuse@email-provider.example",
          "domain": "email-provider.example"
        },
        "source_identifier": "192.0.2.200",
        "category": "messaging",
        "type": "bulk_messaging",
        "protocol": "smtp",
        "smtp_from": "newsletter@company.example",
        "subject": "Weekly Newsletter - January Edition",
        "evidence_source": "user_complaint",
        "recipient_count": 50000,
        "unsubscribe_provided": false,
        "tags": [
          "bulk:commercial",
          "complaint:unsubscribe"
        ]
      }
    ]
  },
  "types/messaging-spam.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://xarf.org/schemas/v4/types/messaging-spam.json",
    "title": "XARF v4 Messaging - Spam Type Schema",
    "description": "Schema for spam email reports - unsolicited commercial messages",
    "allOf": [
      {
        "$ref": "../xarf-core.json"
      },
      {
        "type": "object",
        "properties": {
          "category": {
            "const": "messaging"
          },
          "type": {
            "const": "spam"
          },
          "evidence_source": {
            "type": "string",
            "enum": [
              "spamtrap",
              "user_complaint",
              "automated_filter",
              "honeypot",
              "content_analysis",
              "reputation_feed"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Source of spam evidence"
          },
          "protocol": {
            "type": "string",
            "enum": [
              "smtp",
              "sms",
              "whatsapp",
              "telegram",
              "signal",
              "chat",
              "social_media",
              "push_notification",
              "other"
            ],
            "description": "REQUIRED: Communication protocol used for spam delivery"
          },
          "smtp_from": {
            "type": "string",
            "format": "email",
            "description": "REQUIRED: SMTP envelope sender address (required when protocol=smtp)",
            "examples": [
              "spam@example.com",
              "noreply@malicious-domain.example"
            ]
          },
          "smtp_to": {
            "type": "string",
            "format": "email",
            "x-recommended": true,
            "description": "RECOMMENDED: SMTP envelope recipient address",
            "examples": [
              "victim@example.org",
              "spamtrap@spamtrap.example"
            ]
          },
          "subject": {
            "type": "string",
            "maxLength": 500,
            "x-recommended": true,
            "description": "RECOMMENDED: Message subject line",
            "examples": [
              "Urgent: Account Verification Required",
              "Your package is ready for delivery",
              "Limited Time Offer - Act Now!"
            ]
          },
          "sender_name": {
            "type": "string",
            "maxLength": 200,
            "description": "OPTIONAL: Display name of the sender",
            "examples": [
              "Customer Support",
              "No Reply",
              "Sales Team"
            ]
          },
          "message_id": {
            "type": "string",
            "maxLength": 200,
            "x-recommended": true,
            "description": "RECOMMENDED: Message ID from headers - helps with deduplication",
            "examples": [
              "<abc123@example.com>",
              "msg_1234567890"
            ]
          },
          "user_agent": {
            "type": "string",
            "maxLength": 200,
            "description": "OPTIONAL: User agent string from message headers",
            "examples": [
              "Outlook 16.0",
              "bulk_mailer_v2.1"
            ]
          },
          "recipient_count": {
            "type": "integer",
            "minimum": 1,
            "description": "OPTIONAL: Number of recipients for bulk spam campaigns"
          },
          "language": {
            "type": "string",
            "pattern": "^[a-z]{2}(-[A-Z]{2})?$",
            "description": "OPTIONAL: Primary language of message content (ISO 639-1)",
            "examples": [
              "en",
              "es",
              "de",
              "ja",
              "en-US"
            ]
          },
          "spam_indicators": {
            "type": "object",
            "properties": {
              "suspicious_links": {
                "type": "array",
                "items": {
                  "type": "string",
                  "format": "uri"
                },
                "description": "OPTIONAL: Suspicious URLs found in the message"
              },
              "commercial_content": {
                "type": "boolean",
                "description": "OPTIONAL: Whether message contains commercial offers"
              },
              "bulk_characteristics": {
                "type": "boolean",
                "description": "OPTIONAL: Whether message shows bulk mailing characteristics"
              }
            },
            "description": "OPTIONAL: Indicators specific to spam detection",
            "additionalProperties": false
          }
        },
        "required": [
          "protocol"
        ],
        "if": {
          "properties": {
            "protocol": {
              "const": "smtp"
            }
          }
        },
        "then": {
          "required": [
            "smtp_from",
            "source_port"
          ]
        }
      }
    ],
    "examples": [
      {
        "xarf_version": "4.2.0",
        "report_id": "123e4567-e89b-12d3-a456-426614174000",
        "timestamp": "2024-01-15T14:30:25Z",
        "reporter": {
          "org": "Spam Reporting Service",
          "contact": "reports@spam-reports.example",
          "domain": "spam-reports.example"
        },
        "sender": {
          "org": "Spam Reporting Service",
          "contact": "reports@spam-reports.example",
          "domain": "spam-reports.example"
        },
        "source_identifier": "192.0.2.123",
        "source_port": 25,
        "category": "messaging",
        "type": "spam",
        "protocol": "smtp",
        "smtp_from": "fake@example.com",
        "subject": "Urgent: Verify Your Account",
        "evidence_source": "spamtrap",
        "evidence": [
          {
            "content_type": "message/rfc822",
            "description": "Complete spam email with headers",
            "payload": "UmVjZWl2ZWQ6IGZyb20gW3NwYW1tZXIuZXhhbXBsZS5jb21d..."
          }
        ],
        "tags": [
          "spam:commercial",
          "campaign:fake_bank_2024"
        ],
        "confidence": 0.92
      }
    ]
  },
  "types/reputation-blocklist.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://xarf.org/schemas/v4/types/reputation-blocklist.json",
    "title": "XARF v4 Reputation - Blocklist Type Schema",
    "description": "Schema for IP/domain blocklist inclusion reports",
    "allOf": [
      {
        "$ref": "../xarf-core.json"
      },
      {
        "type": "object",
        "properties": {
          "category": {
            "const": "reputation"
          },
          "type": {
            "const": "blocklist"
          },
          "threat_type": {
            "type": "string",
            "description": "REQUIRED: Type of threat for blocklist inclusion"
          }
        },
        "required": [
          "threat_type"
        ]
      }
    ]
  },
  "types/reputation-threat-intelligence.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://xarf.org/schemas/v4/types/reputation-threat-intelligence.json",
    "title": "XARF v4 Reputation - Threat Intelligence Type Schema",
    "description": "Schema for Threat intelligence and IOC reports",
    "allOf": [
      {
        "$ref": "../xarf-core.json"
      },
      {
        "type": "object",
        "properties": {
          "category": {
            "const": "reputation"
          },
          "type": {
            "const": "threat_intelligence"
          },
          "threat_type": {
            "type": "string",
            "description": "REQUIRED: Type of threat for intelligence report"
          }
        },
        "required": [
          "threat_type"
        ]
      }
    ]
  },
  "types/vulnerability-cve.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://xarf.org/schemas/v4/types/vulnerability-cve.json",
    "title": "XARF v4 Vulnerability - CVE Type Schema",
    "description": "Schema for Common Vulnerabilities and Exposures (CVE) reports",
    "allOf": [
      {
        "$ref": "../xarf-core.json"
      },
      {
        "type": "object",
        "properties": {
          "category": {
            "const": "vulnerability"
          },
          "type": {
            "const": "cve"
          },
          "evidence_source": {
            "type": "string",
            "enum": [
              "vulnerability_scan",
              "researcher_analysis",
              "automated_discovery",
              "penetration_testing"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Source of CVE vulnerability evidence"
          },
          "service": {
            "type": "string",
            "maxLength": 200,
            "description": "REQUIRED: Vulnerable service or application name",
            "examples": [
              "Apache HTTP Server",
              "OpenSSL",
              "Windows SMB",
              "SSH Server",
              "MySQL Database"
            ]
          },
          "service_version": {
            "type": "string",
            "maxLength": 100,
            "x-recommended": true,
            "description": "RECOMMENDED: Version of the vulnerable service",
            "examples": [
              "2.4.41",
              "1.1.1a",
              "OpenSSH_7.4",
              "5.7.33"
            ]
          },
          "service_port": {
            "type": "integer",
            "minimum": 1,
            "maximum": 65535,
            "description": "REQUIRED: Port number where vulnerable service is running",
            "examples": [
              80,
              443,
              22,
              3389,
              21,
              23,
              25
            ]
          },
          "cve_id": {
            "type": "string",
            "pattern": "^CVE-[0-9]{4}-[0-9]+$",
            "description": "REQUIRED: CVE identifier",
            "examples": [
              "CVE-2021-44228",
              "CVE-2014-0160",
              "CVE-2017-5638"
            ]
          },
          "cve_ids": {
            "type": "array",
            "items": {
              "type": "string",
              "pattern": "^CVE-[0-9]{4}-[0-9]+$"
            },
            "description": "OPTIONAL: Multiple CVE identifiers if vulnerability involves multiple CVEs",
            "maxItems": 10,
            "uniqueItems": true
          },
          "cvss_score": {
            "type": "number",
            "minimum": 0,
            "maximum": 10,
            "x-recommended": true,
            "description": "RECOMMENDED: CVSS vulnerability score (0.0-10.0)"
          },
          "cvss_vector": {
            "type": "string",
            "pattern": "^CVSS:3\\.[01]/.*",
            "description": "OPTIONAL: CVSS v3 vector string",
            "examples": [
              "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
              "CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H"
            ]
          },
          "cvss_version": {
            "type": "string",
            "enum": [
              "2.0",
              "3.0",
              "3.1"
            ],
            "description": "OPTIONAL: CVSS version used for scoring"
          },
          "risk_level": {
            "type": "string",
            "enum": [
              "info",
              "low",
              "medium",
              "high",
              "critical"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Risk assessment level"
          },
          "severity": {
            "type": "string",
            "enum": [
              "informational",
              "low",
              "medium",
              "high",
              "critical"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Severity classification"
          },
          "exploitability": {
            "type": "string",
            "enum": [
              "theoretical",
              "poc_available",
              "functional",
              "weaponized"
            ],
            "x-recommended": true,
            "description": "RECOMMENDED: Level of exploit availability and maturity"
          },
          "patch_available": {
            "type": "boolean",
            "x-recommended": true,
            "description": "RECOMMENDED: Whether a patch or fix is available"
          },
          "patch_version": {
            "type": "string",
            "maxLength": 100,
            "description": "OPTIONAL: Version that fixes the vulnerability",
            "examples": [
              "2.4.46",
              "1.1.1k",
              "OpenSSH_8.0",
              "5.7.35"
            ]
          },
          "patch_url": {
            "type": "string",
            "format": "uri",
            "description": "OPTIONAL: URL to patch, security advisory, or fix information"
          },
          "vendor_advisory": {
            "type": "string",
            "format": "uri",
            "description": "OPTIONAL: URL to vendor security advisory"
          },
          "disclosure_date": {
            "type": "string",
            "format": "date-time",
            "description": "OPTIONAL: When CVE was publicly disclosed"
          },
          "impact_assessment": {
            "type": "object",
            "properties": {
              "confidentiality": {
                "type": "string",
                "enum": [
                  "none",
                  "low",
                  "high"
                ],
                "description": "OPTIONAL: Impact on data confidentiality"
              },
              "integrity": {
                "type": "string",
                "enum": [
                  "none",
                  "low",
                  "high"
                ],
                "description": "OPTIONAL: Impact on data integrity"
              },
              "availability": {
                "type": "string",
                "enum": [
                  "none",
                  "low",
                  "high"
                ],
                "description": "OPTIONAL: Impact on system availability"
              }
            },
            "description": "OPTIONAL: CIA triad impact assessment",
            "additionalProperties": false
          },
          "remediation_priority": {
            "type": "string",
            "enum": [
              "low",
              "medium",
              "high",
              "critical",
              "emergency"
            ],
            "description": "OPTIONAL: Recommended priority for remediation"
          }
        },
        "required": [
          "service",
          "service_port",
          "cve_id"
        ]
      }
    ],
    "examples": [
      {
        "xarf_version": "4.2.0",
        "report_id": "901b2345-c678-90d1-e234-567890123456",
        "timestamp": "2024-01-15T09:20:30Z",
        "reporter": {
          "org": "Vulnerability Scanner Service",
          "contact": "security@vuln-scanner.example",
          "domain": "vuln-scanner.example"
        },
        "sender": {
          "org": "Vulnerability Scanner Service",
          "contact": "security@vuln-scanner.example",
          "domain": "vuln-scanner.example"
        },
        "source_identifier": "203.0.113.75",
        "category": "vulnerability",
        "type": "cve",
        "service": "Apache HTTP Server",
        "service_version": "2.4.41",
        "service_port": 80,
        "cve_id": "CVE-2021-41773",
        "cvss_score": 7.5,
        "cvss_vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N",
        "risk_level": "high",
        "severity": "high",
        "patch_available": true,
        "patch_version": "2.4.51",
        "evidence_source": "vulnerability_scan",
        "evidence": [
          {
            "content_type": "text/plain",
            "description": "Vulnerability scan results showing Apache version",
            "payload": "QXBhY2hlIEhUVFAgU2VydmVyIDIuNC40MSBkZXRlY3RlZCB3aXRoIENWRS0yMDIxLTQxNzcz"
          }
        ],
        "tags": [
          "cve:CVE-2021-41773",
          "severity:high",
          "service:apache"
        ]
      }
    ]
  },
  "types/vulnerability-misconfiguration.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://xarf.org/schemas/v4/types/vulnerability-misconfiguration.json",
    "title": "XARF v4 Vulnerability - Misconfiguration Type Schema",
    "description": "Schema for Security misconfigurations and hardening issues",
    "allOf": [
      {
        "$ref": "../xarf-core.json"
      },
      {
        "type": "object",
        "properties": {
          "category": {
            "const": "vulnerability"
          },
          "type": {
            "const": "misconfiguration"
          },
          "service": {
            "type": "string",
            "description": "REQUIRED: Service or component that is misconfigured"
          }
        },
        "required": [
          "service"
        ]
      }
    ]
  },
  "types/vulnerability-open-service.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://xarf.org/schemas/v4/types/vulnerability-open-service.json",
    "title": "XARF v4 Vulnerability - Open Service Type Schema",
    "description": "Schema for open services that should not be publicly accessible (DNS resolvers, NTP servers, memcached, SSDP) and can be exploited for DDoS amplification or other attacks",
    "allOf": [
      {
        "$ref": "../xarf-core.json"
      },
      {
        "type": "object",
        "properties": {
          "category": {
            "const": "vulnerability"
          },
          "type": {
            "const": "open_service"
          },
          "service": {
            "type": "string",
            "description": "REQUIRED: Name of the open service"
          }
        },
        "required": [
          "service"
        ]
      }
    ]
  },
  "xarf-core.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://xarf.org/schemas/v4/xarf-core.json",
    "title": "XARF v4 Core Schema",
    "description": "Base schema defining common fields and structures for all XARF v4 abuse reports",
    "type": "object",
    "required": [
      "xarf_version",
      "report_id",
      "timestamp",
      "reporter",
      "sender",
      "source_identifier",
      "category",
      "type"
    ],
    "properties": {
      "xarf_version": {
        "type": "string",
        "pattern": "^4\\.[0-9]+\\.[0-9]+$",
        "description": "REQUIRED: XARF schema version using semantic versioning (e.g., '4.0.0')",
        "examples": [
          "4.0.0",
          "4.1.2",
          "4.6.1"
        ]
      },
      "report_id": {
        "type": "string",
        "format": "uuid",
        "description": "REQUIRED: Unique report identifier using UUID v4 format",
        "examples": [
          "550e8400-e29b-41d4-a716-446655440000"
        ]
      },
      "timestamp": {
        "type": "string",
        "format": "date-time",
        "description": "REQUIRED: ISO 8601 timestamp when the abuse incident occurred",
        "examples": [
          "2024-01-15T14:30:25Z",
          "2024-01-15T14:30:25.123Z"
        ]
      },
      "reporter": {
        "$ref": "#/$defs/contact_info",
        "description": "REQUIRED: The organization that owns/generated the abuse complaint (the victim or complainant)"
      },
      "sender": {
        "$ref": "#/$defs/contact_info",
        "description": "REQUIRED: The organization that transmitted/filed this report (may be same as reporter or a service provider)"
      },
      "source_identifier": {
        "type": "string",
        "description": "REQUIRED: IP address, domain, or other identifier of the abuse source",
        "examples": [
          "192.0.2.1",
          "2001:db8::1",
          "example.com",
          "abuse-source.example.org"
        ]
      },
      "source_port": {
        "type": "integer",
        "minimum": 1,
        "maximum": 65535,
        "x-recommended": true,
        "description": "RECOMMENDED: Source port number - critical for identifying sources in CGNAT environments",
        "examples": [
          25,
          80,
          443,
          3389
        ]
      },
      "category": {
        "type": "string",
        "enum": [
          "messaging",
          "content",
          "copyright",
          "connection",
          "vulnerability",
          "infrastructure",
          "reputation"
        ],
        "description": "REQUIRED: Primary abuse classification category"
      },
      "type": {
        "type": "string",
        "description": "REQUIRED: Specific abuse type within the category - validation depends on category value",
        "examples": [
          "spam",
          "phishing",
          "ddos",
          "port_scan",
          "bot",
          "blocklist"
        ]
      },
      "evidence_source": {
        "type": "string",
        "x-recommended": true,
        "description": "RECOMMENDED: Quality and reliability indicator for the evidence provided",
        "examples": [
          "spamtrap",
          "user_complaint",
          "automated_filter",
          "honeypot",
          "crawler",
          "user_report",
          "automated_scan",
          "spam_analysis",
          "firewall_logs",
          "ids_detection",
          "flow_analysis",
          "vulnerability_scan",
          "researcher_analysis",
          "automated_discovery",
          "traffic_analysis",
          "threat_intelligence"
        ]
      },
      "evidence": {
        "type": "array",
        "items": {
          "$ref": "#/$defs/evidence_item"
        },
        "x-recommended": true,
        "description": "RECOMMENDED: Array of evidence items supporting this abuse report",
        "maxItems": 50
      },
      "tags": {
        "type": "array",
        "items": {
          "type": "string",
          "pattern": "^[a-z0-9][a-z0-9_+-]*:[a-z0-9][a-z0-9_+-]*$",
          "description": "OPTIONAL: Namespaced tag in format 'namespace:predicate'"
        },
        "description": "OPTIONAL: Namespaced tags for categorization, correlation, and automation",
        "examples": [
          [
            "malware:conficker",
            "campaign:winter-2024"
          ],
          [
            "botnet:command-and-control",
            "malware:cobalt-strike"
          ],
          [
            "language:c++",
            "attack:syn-flood"
          ]
        ],
        "maxItems": 20
      },
      "confidence": {
        "type": "number",
        "minimum": 0,
        "maximum": 1,
        "x-recommended": true,
        "description": "RECOMMENDED: Confidence score for this report (0.0 = no confidence, 1.0 = complete confidence)",
        "examples": [
          0.85,
          0.95,
          1
        ]
      },
      "description": {
        "type": "string",
        "maxLength": 1000,
        "description": "OPTIONAL: Human-readable description of the abuse incident",
        "examples": [
          "Spam email campaign targeting financial institutions",
          "DDoS attack against web services using SYN flood technique"
        ]
      },
      "legacy_version": {
        "type": "string",
        "enum": [
          "3"
        ],
        "description": "OPTIONAL: Original XARF version if this report was converted from v3 format"
      },
      "_internal": {
        "$ref": "#/$defs/internal_metadata",
        "description": "OPTIONAL: Internal operational metadata - NEVER transmitted between systems"
      }
    },
    "additionalProperties": true,
    "$defs": {
      "contact_info": {
        "type": "object",
        "required": [
          "org",
          "contact",
          "domain"
        ],
        "properties": {
          "org": {
            "type": "string",
            "maxLength": 200,
            "description": "REQUIRED: Organization name",
            "examples": [
              "Acme Corporation",
              "Abusix",
              "Security Research Lab"
            ]
          },
          "contact": {
            "type": "string",
            "format": "email",
            "description": "REQUIRED: Contact email address",
            "examples": [
              "abuse@example.com",
              "reports@abusix.com"
            ]
          },
          "domain": {
            "type": "string",
            "format": "hostname",
            "description": "REQUIRED: Organization domain for verification",
            "examples": [
              "example.com",
              "abusix.com",
              "security-lab.org"
            ]
          }
        },
        "additionalProperties": false
      },
      "evidence_item": {
        "type": "object",
        "required": [
          "content_type",
          "payload"
        ],
        "properties": {
          "content_type": {
            "type": "string",
            "description": "REQUIRED: MIME type of the evidence content",
            "examples": [
              "text/plain",
              "text/csv",
              "application/json",
              "message/rfc822",
              "text/email",
              "image/png",
              "image/jpeg",
              "image/gif",
              "application/pdf",
              "text/html",
              "application/octet-stream",
              "application/zip"
            ]
          },
          "description": {
            "type": "string",
            "maxLength": 500,
            "x-recommended": true,
            "description": "RECOMMENDED: Human-readable description of this evidence item",
            "examples": [
              "Original spam email with headers",
              "Screenshot of phishing page",
              "Network flow analysis logs"
            ]
          },
          "payload": {
            "type": "string",
            "description": "REQUIRED: Base64-encoded evidence data",
            "contentEncoding": "base64"
          },
          "hash": {
            "type": "string",
            "pattern": "^(md5|sha1|sha256|sha512):[a-fA-F0-9]+$",
            "x-recommended": true,
            "description": "RECOMMENDED: Hash of evidence for integrity verification in format 'algorithm:hexvalue'",
            "examples": [
              "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
              "md5:d41d8cd98f00b204e9800998ecf8427e"
            ]
          },
          "size": {
            "type": "integer",
            "minimum": 0,
            "maximum": 5242880,
            "description": "OPTIONAL: Size of evidence in bytes (max 5MB per item)"
          }
        },
        "additionalProperties": false
      },
      "internal_metadata": {
        "type": "object",
        "description": "OPTIONAL: Internal operational metadata - completely flexible, organization-defined structure. NEVER transmitted between systems.",
        "additionalProperties": true,
        "examples": [
          {
            "ticket": "ABUSE-1234",
            "analyst": "john.doe",
            "priority": "high"
          },
          {
            "threat_id": "THR-2024-001",
            "ml_confidence": 0.94,
            "campaign_cluster": "winter_2024_phishing"
          }
        ]
      }
    }
  },
  "xarf-v4-master.json": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://xarf.org/schemas/v4/xarf-v4-master.json",
    "title": "XARF v4 Master Schema",
    "description": "Complete XARF v4 schema with type-specific validation for all categories and event types. This provides granular validation for each specific abuse type.",
    "type": "object",
    "allOf": [
      {
        "$ref": "xarf-core.json"
      },
      {
        "description": "Valid category and type combinations. Rejects unknown types that do not match any defined category+type pair.",
        "anyOf": [
          {
            "properties": {
              "category": {
                "const": "messaging"
              },
              "type": {
                "enum": [
                  "spam",
                  "bulk_messaging"
                ]
              }
            }
          },
          {
            "properties": {
              "category": {
                "const": "connection"
              },
              "type": {
                "enum": [
                  "login_attack",
                  "port_scan",
                  "ddos",
                  "infected_host",
                  "reconnaissance",
                  "scraping",
                  "sql_injection",
                  "vulnerability_scan"
                ]
              }
            }
          },
          {
            "properties": {
              "category": {
                "const": "vulnerability"
              },
              "type": {
                "enum": [
                  "cve",
                  "open_service",
                  "misconfiguration"
                ]
              }
            }
          },
          {
            "properties": {
              "category": {
                "const": "reputation"
              },
              "type": {
                "enum": [
                  "blocklist",
                  "threat_intelligence"
                ]
              }
            }
          },
          {
            "properties": {
              "category": {
                "const": "infrastructure"
              },
              "type": {
                "enum": [
                  "botnet",
                  "compromised_server"
                ]
              }
            }
          },
          {
            "properties": {
              "category": {
                "const": "content"
              },
              "type": {
                "enum": [
                  "phishing",
                  "malware",
                  "csam",
                  "csem",
                  "exposed_data",
                  "brand_infringement",
                  "fraud",
                  "remote_compromise",
                  "suspicious_registration"
                ]
              }
            }
          },
          {
            "properties": {
              "category": {
                "const": "copyright"
              },
              "type": {
                "enum": [
                  "copyright",
                  "p2p",
                  "cyberlocker",
                  "ugc_platform",
                  "link_site",
                  "usenet"
                ]
              }
            }
          }
        ]
      },
      {
        "if": {
          "properties": {
            "category": {
              "const": "messaging"
            },
            "type": {
              "const": "spam"
            }
          }
        },
        "then": {
          "$ref": "types/messaging-spam.json"
        }
      },
      {
        "if": {
          "properties": {
            "category": {
              "const": "messaging"
            },
            "type": {
              "const": "bulk_messaging"
            }
          }
        },
        "then": {
          "$ref": "types/messaging-bulk-messaging.json"
        }
      },
      {
        "if": {
          "properties": {
            "category": {
              "const": "connection"
            },
            "type": {
              "const": "login_attack"
            }
          }
        },
        "then": {
          "$ref": "types/connection-login-attack.json"
        }
      },
      {
        "if": {
          "properties": {
            "category": {
              "const": "connection"
            },
            "type": {
              "const": "port_scan"
            }
          }
        },
        "then": {
          "$ref": "types/connection-port-scan.json"
        }
      },
      {
        "if": {
          "properties": {
            "category": {
              "const": "connection"
            },
            "type": {
              "const": "ddos"
            }
          }
        },
        "then": {
          "$ref": "types/connection-ddos.json"
        }
      },
      {
        "if": {
          "properties": {
            "category": {
              "const": "connection"
            },
            "type": {
              "const": "infected_host"
            }
          }
        },
        "then": {
          "$ref": "types/connection-infected-host.json"
        }
      },
      {
        "if": {
          "properties": {
            "category": {
              "const": "connection"
            },
            "type": {
              "const": "reconnaissance"
            }
          }
        },
        "then": {
          "$ref": "types/connection-reconnaissance.json"
        }
      },
      {
        "if": {
          "properties": {
            "category": {
              "const": "connection"
            },
            "type": {
              "const": "scraping"
            }
          }
        },
        "then": {
          "$ref": "types/connection-scraping.json"
        }
      },
      {
        "if": {
          "properties": {
            "category": {
              "const": "connection"
            },
            "type": {
              "const": "sql_injection"
            }
          }
        },
        "then": {
          "$ref": "types/connection-sql-injection.json"
        }
      },
      {
        "if": {
          "properties": {
            "category": {
              "const": "connection"
            },
            "type": {
              "const": "vulnerability_scan"
            }
          }
        },
        "then": {
          "$ref": "types/connection-vulnerability-scan.json"
        }
      },
      {
        "if": {
          "properties": {
            "category": {
              "const": "vulnerability"
            },
            "type": {
              "const": "cve"
            }
          }
        },
        "then": {
          "$ref": "types/vulnerability-cve.json"
        }
      },
      {
        "if": {
          "properties": {
            "category": {
              "const": "vulnerability"
            },
            "type": {
              "const": "open_service"
            }
          }
        },
        "then": {
          "$ref": "types/vulnerability-open-service.json"
        }
      },
      {
        "if": {
          "properties": {
            "category": {
              "const": "vulnerability"
            },
            "type": {
              "const": "misconfiguration"
            }
          }
        },
        "then": {
          "$ref": "types/vulnerability-misconfiguration.json"
        }
      },
      {
        "if": {
          "properties": {
            "category": {
              "const": "reputation"
            },
            "type": {
              "const": "blocklist"
            }
          }
        },
        "then": {
          "$ref": "types/reputation-blocklist.json"
        }
      },
      {
        "if": {
          "properties": {
            "category": {
              "const": "reputation"
            },
            "type": {
              "const": "threat_intelligence"
            }
          }
        },
        "then": {
          "$ref": "types/reputation-threat-intelligence.json"
        }
      },
      {
        "if": {
          "properties": {
            "category": {
              "const": "infrastructure"
            },
            "type": {
              "const": "botnet"
            }
          }
        },
        "then": {
          "$ref": "types/infrastructure-botnet.json"
        }
      },
      {
        "if": {
          "properties": {
            "category": {
              "const": "infrastructure"
            },
            "type": {
              "const": "compromised_server"
            }
          }
        },
        "then": {
          "$ref": "types/infrastructure-compromised-server.json"
        }
      },
      {
        "if": {
          "properties": {
            "category": {
              "const": "content"
            },
            "type": {
              "const": "phishing"
            }
          }
        },
        "then": {
          "$ref": "types/content-phishing.json"
        }
      },
      {
        "if": {
          "properties": {
            "category": {
              "const": "content"
            },
            "type": {
              "const": "malware"
            }
          }
        },
        "then": {
          "$ref": "types/content-malware.json"
        }
      },
      {
        "if": {
          "properties": {
            "category": {
              "const": "content"
            },
            "type": {
              "const": "csam"
            }
          }
        },
        "then": {
          "$ref": "types/content-csam.json"
        }
      },
      {
        "if": {
          "properties": {
            "category": {
              "const": "content"
            },
            "type": {
              "const": "csem"
            }
          }
        },
        "then": {
          "$ref": "types/content-csem.json"
        }
      },
      {
        "if": {
          "properties": {
            "category": {
              "const": "content"
            },
            "type": {
              "const": "exposed_data"
            }
          }
        },
        "then": {
          "$ref": "types/content-exposed-data.json"
        }
      },
      {
        "if": {
          "properties": {
            "category": {
              "const": "content"
            },
            "type": {
              "const": "brand_infringement"
            }
          }
        },
        "then": {
          "$ref": "types/content-brand_infringement.json"
        }
      },
      {
        "if": {
          "properties": {
            "category": {
              "const": "content"
            },
            "type": {
              "const": "fraud"
            }
          }
        },
        "then": {
          "$ref": "types/content-fraud.json"
        }
      },
      {
        "if": {
          "properties": {
            "category": {
              "const": "content"
            },
            "type": {
              "const": "remote_compromise"
            }
          }
        },
        "then": {
          "$ref": "types/content-remote_compromise.json"
        }
      },
      {
        "if": {
          "properties": {
            "category": {
              "const": "content"
            },
            "type": {
              "const": "suspicious_registration"
            }
          }
        },
        "then": {
          "$ref": "types/content-suspicious_registration.json"
        }
      },
      {
        "if": {
          "properties": {
            "category": {
              "const": "copyright"
            },
            "type": {
              "const": "copyright"
            }
          }
        },
        "then": {
          "$ref": "types/copyright-copyright.json"
        }
      },
      {
        "if": {
          "properties": {
            "category": {
              "const": "copyright"
            },
            "type": {
              "const": "p2p"
            }
          }
        },
        "then": {
          "$ref": "types/copyright-p2p.json"
        }
      },
      {
        "if": {
          "properties": {
            "category": {
              "const": "copyright"
            },
            "type": {
              "const": "cyberlocker"
            }
          }
        },
        "then": {
          "$ref": "types/copyright-cyberlocker.json"
        }
      },
      {
        "if": {
          "properties": {
            "category": {
              "const": "copyright"
            },
            "type": {
              "const": "ugc_platform"
            }
          }
        },
        "then": {
          "$ref": "types/copyright-ugc-platform.json"
        }
      },
      {
        "if": {
          "properties": {
            "category": {
              "const": "copyright"
            },
            "type": {
              "const": "link_site"
            }
          }
        },
        "then": {
          "$ref": "types/copyright-link-site.json"
        }
      },
      {
        "if": {
          "properties": {
            "category": {
              "const": "copyright"
            },
            "type": {
              "const": "usenet"
            }
          }
        },
        "then": {
          "$ref": "types/copyright-usenet.json"
        }
      }
    ],
    "additionalProperties": true,
    "properties": {
      "xarf_version": {
        "description": "This schema validates XARF v4 reports using type-specific validation. Supported versions match pattern ^4\\\\.[0-9]+\\\\.[0-9]+$"
      }
    },
    "examples": [
      {
        "title": "Messaging Spam Report",
        "category": "messaging",
        "type": "spam",
        "description": "Spam email detected by spamtrap"
      },
      {
        "title": "Connection DDoS Report",
        "category": "connection",
        "type": "ddos",
        "description": "DDoS attack with SYN flood technique"
      },
      {
        "title": "Vulnerability CVE Report",
        "category": "vulnerability",
        "type": "cve",
        "description": "Apache HTTP Server CVE-2021-41773 vulnerability"
      },
      {
        "title": "Content Phishing Report",
        "category": "content",
        "type": "phishing",
        "description": "Phishing website targeting banking credentials"
      }
    ]
  },
};
