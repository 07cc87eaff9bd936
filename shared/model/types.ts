// Static types of the design model, inferred from the one schema.
import type { z } from 'zod';
import type * as S from './schema';

export type Role = z.infer<typeof S.Role>;
export type WindowsVersion = z.infer<typeof S.WindowsVersion>;
export type WindowsEdition = z.infer<typeof S.WindowsEdition>;
export type NetworkPurpose = z.infer<typeof S.NetworkPurpose>;
export type NicPurpose = z.infer<typeof S.NicPurpose>;
export type NlbMode = z.infer<typeof S.NlbMode>;
export type NlbAffinity = z.infer<typeof S.NlbAffinity>;
export type Organization = z.infer<typeof S.Organization>;
export type Sizing = z.infer<typeof S.Sizing>;
export type MailboxTier = z.infer<typeof S.MailboxTier>;
export type StorageLayout = z.infer<typeof S.StorageLayout>;
export type StorageLayoutKind = z.infer<typeof S.StorageLayoutKind>;
export type Deployment = z.infer<typeof S.Deployment>;
export type Site = z.infer<typeof S.Site>;
export type Subnet = z.infer<typeof S.Subnet>;
export type Nic = z.infer<typeof S.Nic>;
export type Server = z.infer<typeof S.Server>;
export type PortRule = z.infer<typeof S.PortRule>;
export type NlbMember = z.infer<typeof S.NlbMember>;
export type NlbCluster = z.infer<typeof S.NlbCluster>;
export type HardwareLoadBalancer = z.infer<typeof S.HardwareLoadBalancer>;
export type StaticRpcPorts = z.infer<typeof S.StaticRpcPorts>;
export type CasArray = z.infer<typeof S.CasArray>;
export type DagIp = z.infer<typeof S.DagIp>;
export type Dag = z.infer<typeof S.Dag>;
export type MailboxDatabaseCopy = z.infer<typeof S.MailboxDatabaseCopy>;
export type MailboxDatabase = z.infer<typeof S.MailboxDatabase>;
export type Design = z.infer<typeof S.Design>;
export type NodeLayout = z.infer<typeof S.NodeLayout>;
export type Layout = z.infer<typeof S.Layout>;
export type DesignDocument = z.infer<typeof S.DesignDocument>;
/** The document as written in a file, before defaults are applied. */
export type DesignDocumentInput = z.input<typeof S.DesignDocument>;
