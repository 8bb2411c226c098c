-- The CRM's customers table, as a migration engineer finds it: typed columns, a primary key.
create table customers (
  source_id   varchar(20) primary key,
  full_name   text not null,
  first_name  varchar(50),
  last_name   varchar(50),
  salutation  varchar(20),
  email       varchar(120) not null,
  phone       varchar(20),
  company     text,
  street      text,
  city        text,
  postcode    varchar(10),
  country     char(2),
  created_at  date
);
