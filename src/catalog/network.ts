/**
 * The simulated VPC network that subnet groups refer to. There is no EC2 API
 * in the emulator, so every account/region gets the same, deterministic
 * network: a default VPC (172.31.0.0/16, one /20 subnet per Availability
 * Zone, as AWS creates it) and a second VPC (10.0.0.0/16, one /24 per AZ), so
 * that "subnets from different VPCs" can be tried. Ids are derived from the
 * account and region, hence stable across restarts and distinct per scope.
 */
import { createHash } from 'node:crypto';
import type { Scope } from '../store/db.js';

export interface SimulatedSubnet {
  subnetId: string;
  vpcId: string;
  availabilityZone: string;
  cidrBlock: string;
  isDefaultForAz: boolean;
}

export interface SimulatedVpc {
  vpcId: string;
  cidrBlock: string;
  isDefault: boolean;
  subnets: SimulatedSubnet[];
}

/** AZ letters per region where AWS has more or fewer than three. */
const AZ_LETTERS: Record<string, string> = {
  'us-east-1': 'abcdef',
  'us-west-1': 'ac',
  'us-west-2': 'abcd',
  'ap-northeast-1': 'acd',
  'ap-northeast-2': 'abcd',
  'sa-east-1': 'abc',
};

/** The Availability Zones of a region, e.g. us-east-1a … us-east-1f. */
export function availabilityZones(region: string): string[] {
  return [...(AZ_LETTERS[region] ?? 'abc')].map((letter) => `${region}${letter}`);
}

function hexId(prefix: string, ...parts: string[]): string {
  return `${prefix}-${createHash('sha256').update(parts.join('/')).digest('hex').slice(0, 17)}`;
}

/** The VPCs of one account/region: the default VPC first. */
export function vpcs(scope: Scope): SimulatedVpc[] {
  const azs = availabilityZones(scope.region);
  const defaultVpcId = hexId('vpc', scope.account, scope.region, 'default');
  const appVpcId = hexId('vpc', scope.account, scope.region, 'app');
  return [
    {
      vpcId: defaultVpcId,
      cidrBlock: '172.31.0.0/16',
      isDefault: true,
      subnets: azs.map((az, i) => ({
        subnetId: hexId('subnet', scope.account, scope.region, 'default', az),
        vpcId: defaultVpcId,
        availabilityZone: az,
        cidrBlock: `172.31.${i * 16}.0/20`,
        isDefaultForAz: true,
      })),
    },
    {
      vpcId: appVpcId,
      cidrBlock: '10.0.0.0/16',
      isDefault: false,
      subnets: azs.map((az, i) => ({
        subnetId: hexId('subnet', scope.account, scope.region, 'app', az),
        vpcId: appVpcId,
        availabilityZone: az,
        cidrBlock: `10.0.${i}.0/24`,
        isDefaultForAz: false,
      })),
    },
  ];
}

export function defaultVpc(scope: Scope): SimulatedVpc {
  return vpcs(scope)[0]!;
}

/** The subnet with this id in the scope's network, if any. */
export function findSubnet(scope: Scope, subnetId: string): SimulatedSubnet | undefined {
  for (const vpc of vpcs(scope)) {
    const subnet = vpc.subnets.find((s) => s.subnetId === subnetId);
    if (subnet) return subnet;
  }
  return undefined;
}
